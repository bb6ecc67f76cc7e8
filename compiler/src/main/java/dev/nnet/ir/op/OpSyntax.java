package dev.nnet.ir.op;

import static dev.nnet.ir.IrText.attribute;
import static dev.nnet.ir.IrText.pair;

import dev.nnet.ir.IrException;
import dev.nnet.ir.IrText;
import dev.nnet.types.TensorType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The text form of each op read back: the inverse of {@code name()} and {@code attributes()}, one entry per op
 * name. Sizes that the text leaves out (a convolution's input [C, H, W]) come from the operand and result types.
 */
public final class OpSyntax {
    /** What a parser knows of one line: its attributes text, its operands' types and its declared type. */
    public record Line(String attributes, List<TensorType> inputs, TensorType type) {
        List<String> words() {
            return attributes.isBlank() ? List.of() : Arrays.asList(attributes.strip().split("\\s+"));
        }

        boolean flag(String word) {
            return words().contains(word);
        }

        int dim(TensorType t, int axis) {
            return (int) (long) t.dim(axis).constant().orElseThrow(() -> new IrException("axis " + axis + " of "
                    + t.shapeText() + " must be a constant"));
        }
    }

    @FunctionalInterface
    private interface Reader {
        IrOp read(Line line);
    }

    private static final Map<String, Reader> READERS = new HashMap<>();

    static {
        READERS.put("input", l -> new Input(l.attributes().strip(), l.type()));
        READERS.put("param", l -> new Param(l.attributes().strip(), l.type()));
        READERS.put("linear", l -> new Linear(l.inputs().size() == 3, act(l)));
        READERS.put("linear_grad_input", l -> new LinearGradInput(reluOnly(l, "linear_grad_input")));
        READERS.put("linear_grad_weight", l -> new LinearGradWeight(attribute(l.words(), "into")));
        READERS.put("sum_rows", l -> new SumRows(attribute(l.words(), "into")));
        READERS.put("conv2d", l -> new Conv2d(conv(l, l.inputs().get(0), l.dim(l.inputs().get(1), 0)),
                l.inputs().size() - (l.flag("residual") ? 1 : 0) == 3, act(l), l.flag("keep_columns"),
                l.flag("residual")));
        READERS.put("conv2d_grad_input", l -> new Conv2dGradInput(conv(l, l.type(), l.dim(l.inputs().get(1), 0))));
        READERS.put("conv2d_grad_weight", l -> new Conv2dGradWeight(conv(l, l.inputs().get(1),
                l.dim(l.inputs().get(0), 1)), l.flag("from_forward"), attribute(l.words(), "into")));
        READERS.put("channel_sum", l -> new ChannelSum(attribute(l.words(), "into")));
        READERS.put("max_pool2d", l -> new Pool2d(pool(l, true, l.inputs().get(0)), poolRelu(l)));
        READERS.put("avg_pool2d", l -> new Pool2d(pool(l, false, l.inputs().get(0))));
        READERS.put("max_pool2d_grad", l -> new Pool2dGrad(pool(l, true, l.type()), poolRelu(l)));
        READERS.put("avg_pool2d_grad", l -> new Pool2dGrad(pool(l, false, l.type())));
        READERS.put("pointwise", l -> new Pointwise(PExprParser.parse(l.attributes())));
        READERS.put("reduce_to", l -> new ReduceTo(l.type()));
        READERS.put("reshape", l -> new Reshape(l.type()));
        READERS.put("concat", l -> new Concat(Integer.parseInt(required(l, "axis"))));
        READERS.put("slice", l -> new Slice(Integer.parseInt(required(l, "axis")), IrText.dim(required(l, "start")),
                IrText.dim(required(l, "length"))));
        READERS.put("slice_grad", l -> new SliceGrad(Integer.parseInt(required(l, "axis")),
                IrText.dim(required(l, "start")), IrText.dim(required(l, "size"))));
        READERS.put("transpose", l -> {
            String[] axes = required(l, "axes").split(",");
            return new Transpose(Integer.parseInt(axes[0]), Integer.parseInt(axes[1]));
        });
        READERS.put("softmax", l -> new Softmax(false));
        READERS.put("log_softmax", l -> new Softmax(true));
        READERS.put("softmax_grad", l -> new SoftmaxGrad(false));
        READERS.put("log_softmax_grad", l -> new SoftmaxGrad(true));
        READERS.put("loss", l -> new Loss(lossKind(l), l.flag("sum"), scale(l)));
        READERS.put("loss_grad", l -> new LossGrad(lossKind(l), l.flag("sum"), scale(l)));
        READERS.put("dropout", l -> new Dropout(Float.parseFloat(required(l, "p"))));
        READERS.put("dropout_grad", l -> new DropoutGrad());
        READERS.put("update", l -> {
            String[] parts = l.attributes().strip().split(" ", 2);
            return new Update(OptimizerSyntax.parse(parts.length > 1 ? parts[1] : ""), parts[0]);
        });
        READERS.put("embedding", l -> new EmbeddingLookup(padding(l)));
        READERS.put("embedding_grad", l -> new EmbeddingLookupGrad(l.type(), padding(l)));
        READERS.put("fill", l -> new Fill(Float.parseFloat(required(l, "value")), l.type()));
        READERS.put("recurrent", OpSyntax::recurrent);
        READERS.put("recurrent_grad", l -> new RecurrentLayersGrad(recurrent(l)));
        READERS.put("accumulate_grad", l -> new AccumulateGrad(l.attributes().strip()));
    }

    private OpSyntax() {
    }

    /** The op named {@code name} with this line's attributes; throws {@link IrException} when they do not read. */
    public static IrOp read(String name, Line line) {
        Reader r = READERS.get(name);
        if (r == null) {
            throw new IrException("unknown op `" + name + "`");
        }
        try {
            return r.read(line);
        } catch (RuntimeException e) {
            if (e instanceof IrException) {
                throw e;
            }
            throw new IrException(name + ": cannot read `" + line.attributes().strip() + "`: " + e.getMessage());
        }
    }

    private static String required(Line l, String key) {
        String v = attribute(l.words(), key);
        if (v == null) {
            throw new IrException("missing " + key + "=");
        }
        return v;
    }

    private static Act act(Line l) {
        String a = attribute(l.words(), "act");
        return a == null ? Act.NONE : Act.valueOf(a.toUpperCase(java.util.Locale.ROOT));
    }

    /** A max pooling's fused activation: ReLU (which commutes with max) or none. */
    private static boolean poolRelu(Line l) {
        return reluOnly(l, "pooling");
    }

    private static boolean reluOnly(Line l, String what) {
        Act a = act(l);
        if (a != Act.NONE && a != Act.RELU) {
            throw new IrException(what + " fuses only act=relu, not act=" + a.text());
        }
        return a == Act.RELU;
    }

    private static LossKind lossKind(Line l) {
        return LossKind.valueOf(l.words().get(0).toUpperCase(java.util.Locale.ROOT));
    }

    private static float scale(Line l) {
        String s = attribute(l.words(), "scale");
        return s == null ? 1f : Float.parseFloat(s);
    }

    /** A convolution's geometry from its text and the [N, C, H, W] input it convolves. */
    private static ConvGeometry conv(Line l, TensorType x, int outChannels) {
        int[] k = pair(required(l, "k"));
        int[] s = pairOr(l, "s", 1);
        int[] p = pairOr(l, "p", 0);
        int[] d = pairOr(l, "d", 1);
        String g = attribute(l.words(), "g");
        return new ConvGeometry(l.dim(x, 1), l.dim(x, 2), l.dim(x, 3), outChannels, k[0], k[1], s[0], s[1], p[0],
                p[1], d[0], d[1], g == null ? 1 : Integer.parseInt(g));
    }

    private static PoolGeometry pool(Line l, boolean max, TensorType x) {
        int[] k = pair(required(l, "k"));
        int[] s = pairOr(l, "s", k[0]);
        int[] p = pairOr(l, "p", 0);
        return new PoolGeometry(max, l.dim(x, 1), l.dim(x, 2), l.dim(x, 3), k[0], k[1], s[0], s[1], p[0], p[1],
                l.flag("ceil"), !l.flag("exclude_pad"));
    }

    private static Long padding(Line l) {
        String p = attribute(l.words(), "padding_idx");
        return p == null ? null : Long.parseLong(p);
    }

    private static RecurrentLayers recurrent(Line l) {
        return new RecurrentLayers(RecurrentCell.ofText(required(l, "cell")), Integer.parseInt(required(l, "layers")),
                Integer.parseInt(required(l, "hidden")), l.flag("bidirectional"), l.flag("batch_first"),
                !l.flag("no_bias"), l.flag("initial_state"), l.flag("lengths"));
    }

    private static int[] pairOr(Line l, String key, int fallback) {
        String v = attribute(l.words(), key);
        return v == null ? new int[] {fallback, fallback} : pair(v);
    }
}
