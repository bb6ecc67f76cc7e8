package dev.nnet.lower;

import dev.nnet.check.Trace;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Act;
import dev.nnet.ir.op.Concat;
import dev.nnet.ir.op.ConvGeometry;
import dev.nnet.ir.op.Conv2d;
import dev.nnet.ir.op.Dropout;
import dev.nnet.ir.op.Linear;
import dev.nnet.ir.op.PExpr;
import dev.nnet.ir.op.Pointwise;
import dev.nnet.ir.op.Pool2d;
import dev.nnet.ir.op.PoolGeometry;
import dev.nnet.ir.op.Reshape;
import dev.nnet.ir.op.Softmax;
import dev.nnet.ops.ParamTensor;
import dev.nnet.types.Args;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.List;

/** How each built-in op of the language becomes IR nodes. */
final class OpLowering {
    private OpLowering() {
    }

    static Node apply(ForwardLowering l, Trace.Apply a, String origin) {
        String label = a.layerPath() != null ? a.layerPath() : a.op().name();
        Args args = a.args();
        TensorType out = ((Value.Tensor) a.output()).type();
        switch (a.op().name()) {
            case "linear": {
                List<Node> in = withParams(l, a, input(l, a, 0));
                return l.add(new Linear(in.size() == 3, Act.NONE), origin, label, in.toArray(new Node[0]));
            }
            case "conv2d": {
                Node x = input(l, a, 0);
                List<Node> in = withParams(l, a, x);
                return l.add(new Conv2d(conv(args, x.type(), out), in.size() == 3, Act.NONE), origin, label,
                        in.toArray(new Node[0]));
            }
            case "max_pool2d":
            case "avg_pool2d": {
                Node x = input(l, a, 0);
                if (pair(args, "dilation", 1)[0] != 1 || pair(args, "dilation", 1)[1] != 1) {
                    throw new LoweringException(a.span(), "dilated pooling is not supported by the code generator yet");
                }
                return l.add(new Pool2d(pool(a.op().name().startsWith("max"), args, x.type())), origin, label, x);
            }
            case "relu":
                return l.add(Pointwise.of(PExpr.Fn1.RELU), origin, label, input(l, a, 0));
            case "sigmoid":
                return l.add(Pointwise.of(PExpr.Fn1.SIGMOID), origin, label, input(l, a, 0));
            case "tanh":
                return l.add(Pointwise.of(PExpr.Fn1.TANH), origin, label, input(l, a, 0));
            case "softmax":
            case "log_softmax": {
                Node x = input(l, a, 0);
                long dim = args.integer("dim", -1);
                if (dim != -1 && dim != x.type().rank() - 1) {
                    throw new LoweringException(a.span(), a.op().name() + " over an axis other than the last is not "
                            + "supported by the code generator yet");
                }
                return l.add(new Softmax(a.op().name().startsWith("log")), origin, label, x);
            }
            case "flatten":
            case "view":
            case "reshape":
                return l.add(new Reshape(out), origin, label, input(l, a, 0));
            case "concat":
            case "cat": {
                List<Node> parts = new ArrayList<>();
                for (Value v : ((Value.Seq) a.inputs().get(0)).items()) {
                    parts.add(l.node(v, a.span()));
                }
                long dim = args.integer("dim", 0);
                int axis = (int) (dim < 0 ? dim + out.rank() : dim);
                return l.add(new Concat(axis), origin, label, parts.toArray(new Node[0]));
            }
            case "dropout": {
                Node x = input(l, a, 0);
                double p = args.real("p", 0.5);
                return l.training() && p > 0 ? l.add(new Dropout((float) p), origin, label, x) : x;
            }
            default:
                throw new LoweringException(a.span(), "`" + a.op().name() + "` is checked but not supported by the "
                        + "code generator yet");
        }
    }

    private static Node input(ForwardLowering l, Trace.Apply a, int i) {
        return l.node(a.inputs().get(i), a.span());
    }

    /** The input followed by the layer's parameters in PyTorch order (weight, bias). */
    private static List<Node> withParams(ForwardLowering l, Trace.Apply a, Node x) {
        List<Node> in = new ArrayList<>(List.of(x));
        for (ParamTensor p : a.op().parameters(a.args())) {
            in.add(l.params().get(a.layerPath(), p));
        }
        return in;
    }

    private static ConvGeometry conv(Args args, TensorType x, TensorType out) {
        long[] k = pair(args, "kernel_size", 1);
        long[] s = pair(args, "stride", 1);
        long[] p = pair(args, "padding", 0);
        long[] d = pair(args, "dilation", 1);
        return new ConvGeometry(dim(x, 1), dim(x, 2), dim(x, 3), dim(out, 1), (int) k[0], (int) k[1], (int) s[0],
                (int) s[1], (int) p[0], (int) p[1], (int) d[0], (int) d[1], (int) args.integer("groups", 1));
    }

    private static PoolGeometry pool(boolean max, Args args, TensorType x) {
        long[] k = pair(args, "kernel_size", 1);
        long[] s = args.pair("stride").orElse(k);
        long[] p = pair(args, "padding", 0);
        return new PoolGeometry(max, dim(x, 1), dim(x, 2), dim(x, 3), (int) k[0], (int) k[1], (int) s[0], (int) s[1],
                (int) p[0], (int) p[1], false, true);
    }

    private static long[] pair(Args args, String name, long fallback) {
        return args.pair(name).orElse(new long[] {fallback, fallback});
    }

    private static int dim(TensorType t, int i) {
        return (int) (long) t.dim(i).constant().orElseThrow(() -> new dev.nnet.ir.IrException("axis " + i + " of "
                + t.shapeText() + " must be a constant to be compiled"));
    }
}
