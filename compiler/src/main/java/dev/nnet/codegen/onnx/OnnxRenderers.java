package dev.nnet.codegen.onnx;

import static dev.nnet.codegen.onnx.OnnxGraph.Attribute.integer;
import static dev.nnet.codegen.onnx.OnnxGraph.Attribute.ints;
import static dev.nnet.codegen.onnx.OnnxGraph.name;

import dev.nnet.ir.Node;
import dev.nnet.ir.op.Act;
import dev.nnet.ir.op.Concat;
import dev.nnet.ir.op.Conv2d;
import dev.nnet.ir.op.Fill;
import dev.nnet.ir.op.ConvGeometry;
import dev.nnet.ir.op.Input;
import dev.nnet.ir.op.IrOp;
import dev.nnet.ir.op.Linear;
import dev.nnet.ir.op.PExpr;
import dev.nnet.ir.op.Param;
import dev.nnet.ir.op.Pointwise;
import dev.nnet.ir.op.Pool2d;
import dev.nnet.ir.op.PoolGeometry;
import dev.nnet.ir.op.RecurrentLayers;
import dev.nnet.ir.op.Reshape;
import dev.nnet.ir.op.Slice;
import dev.nnet.ir.op.Softmax;
import dev.nnet.ir.op.Transpose;
import dev.nnet.types.Dim;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ONNX backend's table: how each IR op of an inference graph becomes ONNX nodes (opset 17). Ops that only
 * appear in training graphs (gradients, losses, optimizer steps, dropout) have no entry; {@code OnnxExportTest}
 * checks every forward op has one.
 */
final class OnnxRenderers {
    @FunctionalInterface
    interface Renderer<T extends IrOp> {
        void render(T op, Node self, OnnxGraph g);
    }

    private static final Map<Class<? extends IrOp>, Renderer<?>> TABLE = new LinkedHashMap<>();

    static {
        Renderer<IrOp> bound = (op, self, g) -> {
            // A graph input or an initializer, declared by the exporter.
        };
        put(Input.class, bound::render);
        put(Param.class, bound::render);
        put(Linear.class, OnnxRenderers::linear);
        put(Conv2d.class, OnnxRenderers::conv);
        put(Pool2d.class, OnnxRenderers::pool);
        put(Pointwise.class, OnnxRenderers::pointwise);
        put(Reshape.class, OnnxRenderers::reshape);
        put(Concat.class, (op, self, g) -> g.node("Concat", self.inputs().stream().map(OnnxGraph::name).toList(),
                name(self), integer("axis", op.axis())));
        put(Slice.class, OnnxRenderers::slice);
        put(Transpose.class, OnnxRenderers::transpose);
        put(Softmax.class, (op, self, g) -> g.node(op.log() ? "LogSoftmax" : "Softmax", List.of(name(self.input(0))),
                name(self), integer("axis", -1)));
        // ONNX has RNN/GRU/LSTM and ConstantOfShape; until their entries are written these refuse by name.
        put(RecurrentLayers.class, (op, self, g) -> notYet(self, "ONNX's " + switch (op.cell()) {
            case RNN_TANH, RNN_RELU -> "RNN";
            case GRU -> "GRU";
            case LSTM -> "LSTM";
        } + " node per layer"));
        put(Fill.class, (op, self, g) -> notYet(self, "ConstantOfShape over the batch size"));
        put(dev.nnet.ir.op.EmbeddingLookup.class, (op, self, g) -> notYet(self, "Gather over an int64 input"));
    }

    /** The refusal of an op whose ONNX form is known but not written yet; `nnetc export` reports it. */
    private static void notYet(Node self, String form) {
        throw new UnsupportedOperationException("`" + self.op().name() + "` (" + self.label() + " at " + self.origin()
                + ") cannot be exported to ONNX yet (it would be " + form + "); train and predict it with nnet");
    }

    private OnnxRenderers() {
    }

    private static <T extends IrOp> void put(Class<T> type, Renderer<T> renderer) {
        TABLE.put(type, renderer);
    }

    static Set<Class<? extends IrOp>> covered() {
        return Collections.unmodifiableSet(TABLE.keySet());
    }

    @SuppressWarnings("unchecked")
    static void render(Node self, OnnxGraph g) {
        Renderer<IrOp> r = (Renderer<IrOp>) TABLE.get(self.op().getClass());
        if (r == null) {
            throw new UnsupportedOperationException("`" + self.op().name() + "` (" + self.label() + " at "
                    + self.origin() + ") has no ONNX form yet");
        }
        r.render(self.op(), self, g);
    }

    /** Gemm for [N, in] inputs, MatMul with the transposed weight plus the bias otherwise; then the activation. */
    private static void linear(Linear op, Node self, OnnxGraph g) {
        Node x = self.input(0);
        String w = name(self.input(1));
        String out = op.act() == Act.NONE ? name(self) : g.temporary();
        if (x.type().rank() == 2) {
            List<String> in = op.bias() ? List.of(name(x), w, name(self.input(2))) : List.of(name(x), w);
            g.node("Gemm", in, out, integer("transB", 1));
        } else {
            String wt = g.temporary();
            g.node("Transpose", List.of(w), wt, ints("perm", 1, 0));
            String product = op.bias() ? g.temporary() : out;
            g.node("MatMul", List.of(name(x), wt), product);
            if (op.bias()) {
                g.node("Add", List.of(product, name(self.input(2))), out);
            }
        }
        activation(op.act(), out, self, g);
    }

    /** Conv, then with a residual an Add of it, then the activation. */
    private static void conv(Conv2d op, Node self, OnnxGraph g) {
        ConvGeometry k = op.geometry();
        String out = op.act() == Act.NONE ? name(self) : g.temporary();
        int convInputs = self.inputs().size() - (op.residual() ? 1 : 0);
        List<String> in = self.inputs().subList(0, convInputs).stream().map(OnnxGraph::name).toList();
        String sum = out;
        if (op.residual()) {
            out = g.temporary();
        }
        g.node("Conv", in, out, ints("kernel_shape", k.kernelH(), k.kernelW()), ints("strides", k.strideH(),
                k.strideW()), ints("pads", k.padH(), k.padW(), k.padH(), k.padW()), ints("dilations", k.dilationH(),
                k.dilationW()), integer("group", k.groups()));
        if (op.residual()) {
            g.node("Add", List.of(out, name(self.input(convInputs))), sum);
        }
        activation(op.act(), sum, self, g);
    }

    private static void activation(Act act, String in, Node self, OnnxGraph g) {
        switch (act) {
            case NONE -> {
            }
            case RELU -> g.node("Relu", List.of(in), name(self));
            case SIGMOID -> g.node("Sigmoid", List.of(in), name(self));
            case TANH -> g.node("Tanh", List.of(in), name(self));
        }
    }

    private static void pool(Pool2d op, Node self, OnnxGraph g) {
        PoolGeometry k = op.geometry();
        List<OnnxGraph.Attribute> attributes = new java.util.ArrayList<>(List.of(
                ints("kernel_shape", k.kernelH(), k.kernelW()), ints("strides", k.strideH(), k.strideW()),
                ints("pads", k.padH(), k.padW(), k.padH(), k.padW()), integer("ceil_mode", k.ceilMode() ? 1 : 0)));
        if (!k.max()) {
            attributes.add(integer("count_include_pad", k.countIncludePad() ? 1 : 0));
        }
        String out = op.relu() ? g.temporary() : name(self);
        g.node(k.max() ? "MaxPool" : "AveragePool", List.of(name(self.input(0))), out,
                attributes.toArray(new OnnxGraph.Attribute[0]));
        activation(op.relu() ? Act.RELU : Act.NONE, out, self, g);
    }

    /**
     * ONNX's Slice with constant bounds: a symbolic start such as {@code T-1} is an index from the end ({@code -1}),
     * and a range that reaches the end ends at the largest int64.
     */
    private static void slice(Slice op, Node self, OnnxGraph g) {
        Dim size = self.input(0).type().dim(op.axis());
        Dim end = op.start().plus(op.length());
        long start = bound(op.start(), size, self);
        long stop = end.equals(size) ? Long.MAX_VALUE : bound(end, size, self);
        String starts = g.temporary();
        String ends = g.temporary();
        String axes = g.temporary();
        g.int64s(starts, new long[] {start});
        g.int64s(ends, new long[] {stop});
        g.int64s(axes, new long[] {op.axis()});
        g.node("Slice", List.of(name(self.input(0)), starts, ends, axes), name(self));
    }

    /** ONNX's Transpose with the permutation that swaps the two axes. */
    private static void transpose(Transpose op, Node self, OnnxGraph g) {
        long[] perm = new long[self.type().rank()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i == op.first() ? op.second() : i == op.second() ? op.first() : i;
        }
        g.node("Transpose", List.of(name(self.input(0))), name(self), ints("perm", perm));
    }

    /** A position as ONNX takes it: a constant, or {@code size - k} as {@code -k}. */
    private static long bound(Dim position, Dim size, Node self) {
        if (position.isConstant()) {
            return position.constantTerm();
        }
        Dim fromEnd = position.minus(size);
        if (fromEnd.isConstant() && fromEnd.constantTerm() < 0) {
            return fromEnd.constantTerm();
        }
        throw new UnsupportedOperationException("slice of " + self.label() + " at " + position + " is neither a "
                + "constant nor counted from the end of " + size);
    }

    /** The target shape with the axis that holds the batch as -1, so the exported graph takes any batch. */
    private static void reshape(Reshape op, Node self, OnnxGraph g) {
        List<Dim> dims = op.to().dims();
        long[] shape = new long[dims.size()];
        int symbolic = 0;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i).constant().orElse(-1L);
            symbolic += shape[i] == -1 ? 1 : 0;
        }
        if (symbolic > 1) {
            throw new UnsupportedOperationException("reshape to " + op.to().shapeText() + " has more than one axis "
                    + "that depends on the batch; ONNX can infer only one");
        }
        String shapeName = g.temporary();
        g.int64s(shapeName, shape);
        g.node("Reshape", List.of(name(self.input(0)), shapeName), name(self));
    }

    /**
     * GELU from opset 17's nodes (ONNX's Gelu needs opset 20): x/2 · (1 + Erf(x/√2)), or with tanh, x/2 · (1 +
     * Tanh(√(2/π) · (x + 0.044715 x³))).
     */
    private static void gelu(boolean tanh, String x, String out, OnnxGraph g) {
        String inner;
        if (tanh) {
            String cube = temp(g, "Mul", x, temp(g, "Mul", x, x));
            String poly = temp(g, "Add", x, temp(g, "Mul", cube, scalar(g, 0.044715f)));
            inner = temp(g, "Tanh", temp(g, "Mul", poly, scalar(g, (float) Math.sqrt(2 / Math.PI))));
        } else {
            inner = temp(g, "Erf", temp(g, "Mul", x, scalar(g, (float) Math.sqrt(0.5))));
        }
        String half = temp(g, "Mul", x, scalar(g, 0.5f));
        g.node("Mul", List.of(half, temp(g, "Add", inner, scalar(g, 1f))), out);
    }

    /** A node of one or two inputs writing a fresh temporary, whose name it returns. */
    private static String temp(OnnxGraph g, String type, String... inputs) {
        String out = g.temporary();
        g.node(type, List.of(inputs), out);
        return out;
    }

    private static String scalar(OnnxGraph g, float value) {
        return new Operand(null, value).use(g);
    }

    /** An operand of an expression: a value's name, or a constant not yet written as an initializer. */
    private record Operand(String name, float constant) {
        String use(OnnxGraph g) {
            if (name != null) {
                return name;
            }
            String k = g.temporary();
            g.floats(k, List.of(), new float[] {constant});
            return k;
        }
    }

    /** One ONNX node per function of the (fused) expression, constants as scalar initializers where used. */
    private static void pointwise(Pointwise op, Node self, OnnxGraph g) {
        Operand result = op.expr().fold(new PExpr.Folder<Operand>() {
            public Operand in(PExpr.In in) {
                return new Operand(name(self.input(in.index())), 0f);
            }

            public Operand constant(PExpr.Const c) {
                return new Operand(null, c.value());
            }

            public Operand call1(PExpr.Fn1 fn, Operand a) {
                String out = g.temporary();
                switch (fn) {
                    case NEG -> g.node("Neg", List.of(a.use(g)), out);
                    case RELU -> g.node("Relu", List.of(a.use(g)), out);
                    case SIGMOID -> g.node("Sigmoid", List.of(a.use(g)), out);
                    case TANH -> g.node("Tanh", List.of(a.use(g)), out);
                    case GELU, GELU_TANH -> gelu(fn == PExpr.Fn1.GELU_TANH, a.use(g), out, g);
                    default -> throw new UnsupportedOperationException(fn.text() + " is a gradient; inference graphs "
                            + "have none");
                }
                return new Operand(out, 0f);
            }

            public Operand call2(PExpr.Fn2 fn, Operand a, Operand b) {
                String out = g.temporary();
                switch (fn) {
                    case ADD -> g.node("Add", List.of(a.use(g), b.use(g)), out);
                    case SUB -> g.node("Sub", List.of(a.use(g), b.use(g)), out);
                    case MUL -> g.node("Mul", List.of(a.use(g), b.use(g)), out);
                    case DIV -> g.node("Div", List.of(a.use(g), b.use(g)), out);
                    // The slope is an attribute in ONNX; lowering always gives it as a constant.
                    case LEAKY_RELU -> g.node("LeakyRelu", List.of(a.use(g)), out,
                            OnnxGraph.Attribute.real("alpha", b.constant()));
                    default -> throw new UnsupportedOperationException(fn.text() + " is a gradient; inference graphs "
                            + "have none");
                }
                return new Operand(out, 0f);
            }
        });
        g.node("Identity", List.of(result.use(g)), name(self));
    }
}
