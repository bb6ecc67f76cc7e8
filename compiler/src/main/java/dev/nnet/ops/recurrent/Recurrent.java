package dev.nnet.ops.recurrent;

import static dev.nnet.ops.ParamSpec.inferred;
import static dev.nnet.ops.ParamSpec.optional;
import static dev.nnet.ops.ParamSpec.required;

import dev.nnet.diag.Code;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.RecurrentCell;
import dev.nnet.ir.op.RecurrentLayers;
import dev.nnet.ir.op.Reshape;
import dev.nnet.ir.op.Slice;
import dev.nnet.ops.LowerContext;
import dev.nnet.ops.ArgKind;
import dev.nnet.ops.OpBase;
import dev.nnet.ops.OpContext;
import dev.nnet.ops.OpKind;
import dev.nnet.ops.ParamSpec;
import dev.nnet.ops.ParamTensor;
import dev.nnet.ops.Shapes;
import dev.nnet.ops.Signature;
import dev.nnet.types.Args;
import dev.nnet.types.Dim;
import dev.nnet.types.ElemType;
import dev.nnet.types.Provenance;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The shape rule and parameter layout shared by {@code rnn}, {@code gru} and {@code lstm}, which differ in the
 * number of gates G (1, 3, 4) stacked in each weight matrix and in the LSTM's extra cell state.
 */
public abstract class Recurrent extends OpBase {
    /** Gates per layer: the weights are [G·hidden_size, …]. */
    abstract int gates();

    /** The LSTM carries (h, c) instead of h alone. */
    boolean hasCellState() {
        return false;
    }

    /** The IR cell this layer steps. */
    abstract RecurrentCell cell(Args args);

    /**
     * One {@link RecurrentLayers} node over x, the optional initial state and lengths, and the weights; its packed
     * output is sliced into the tuple (output, h_n) or (output, (h_n, c_n)).
     */
    @Override
    public Node lower(LowerContext cx) {
        Args args = cx.args();
        if (args.real("dropout", 0) != 0) {
            throw cx.unsupported("`dropout` between recurrent layers is not supported by the code generator yet; "
                    + "remove it (PyTorch's default is 0)");
        }
        Node x = cx.input(0);
        boolean initial = cx.present(1);
        boolean lengths = cx.present(2);
        RecurrentLayers op = new RecurrentLayers(cell(args), (int) args.integer("num_layers", 1),
                (int) args.integer("hidden_size", 1), args.bool("bidirectional", false),
                args.bool("batch_first", false), args.bool("bias", true), initial, lengths);
        List<Node> in = new ArrayList<>(List.of(x));
        if (initial) {
            in.addAll(hasCellState() ? cx.inputList(1) : List.of(cx.input(1)));
        }
        if (lengths) {
            in.add(cx.input(2));
        }
        List<Node> withWeights = cx.withParameters(x);
        in.addAll(withWeights.subList(1, withWeights.size()));
        Node packed = cx.add(op, in.toArray(new Node[0]));
        cx.bindTuple(unpack(cx, packed, op.parts(x.type())));
        return packed;
    }

    /** The parts of a packed output, each a slice reshaped to its type. */
    static List<Node> unpack(LowerContext cx, Node packed, List<TensorType> parts) {
        List<Node> out = new ArrayList<>();
        Dim at = Dim.of(0);
        for (TensorType t : parts) {
            Node slice = cx.add(new Slice(0, at, t.numel()), packed);
            out.add(cx.add(new Reshape(t), slice));
            at = at.plus(t.numel());
        }
        return out;
    }

    static List<ParamSpec> commonParams() {
        return List.of(
                inferred("input_size", ArgKind.INT, "features of each time step (inferred from the first use if "
                        + "omitted)").alias("in"),
                required("hidden_size", ArgKind.INT, "features of the hidden state").alias("hidden"),
                optional("num_layers", 1, "recurrent layers stacked on each other"),
                optional("bias", true, "learn the biases `bias_ih_l*` and `bias_hh_l*`"),
                optional("batch_first", false, "input and output are [N, T, features] instead of [T, N, features]"),
                optional("dropout", 0.0, "dropout between stacked layers, in [0, 1]"),
                optional("bidirectional", false, "also run a second pass backwards in time"));
    }

    public Recurrent(String name, String displayName, Signature signature) {
        super(name, displayName, OpKind.PARAMETRIC, signature, List.of("input", "hx", "lengths"), 2);
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        long hidden = args.integer("hidden_size", 1);
        long layers = args.integer("num_layers", 1);
        double dropout = args.real("dropout", 0);
        if (hidden < 1 || layers < 1) {
            String bad = hidden < 1 ? "hidden_size" : "num_layers";
            return ctx.fail(Code.E0112, args.spanOf(bad), "`" + bad + "` of `" + ctx.layerName()
                    + "` must be at least 1, found " + (hidden < 1 ? hidden : layers),
                    r -> r.spanLabel("a size of at least 1"));
        }
        if (!(dropout >= 0 && dropout <= 1)) {
            return ctx.fail(Code.E0112, args.spanOf("dropout"),
                    "`dropout` of `" + ctx.layerName() + "` must be between 0 and 1, found " + dropout,
                    r -> r.spanLabel("a probability"));
        }
        Optional<TensorType> in = Shapes.floatInput(ctx, inputs, 0);
        boolean batchFirst = args.bool("batch_first", false);
        if (in.isEmpty() || !Shapes.requireRank(ctx, 0, in.get(), Set.of(2, 3),
                (batchFirst ? "a [N, T, input_size]" : "a [T, N, input_size]") + " tensor or an unbatched "
                        + "[T, input_size]")) {
            return Value.UNKNOWN;
        }
        TensorType x = in.get();
        Dim features = x.dim(-1);
        if (!Shapes.inferSize(ctx, args, "input_size", features, 0)
                || !Shapes.requireSize(ctx, args, "input_size", "input features", args.integer("input_size", -1),
                features, 0, x, name() + "(" + features + ", " + hidden + ")")) {
            return Value.UNKNOWN;
        }
        long directions = args.bool("bidirectional", false) ? 2 : 1;
        Dim outFeatures = Dim.of(directions * hidden);
        Dim states = Dim.of(directions * layers);
        Dim h = Dim.of(hidden);
        boolean batched = x.rank() == 3;
        TensorType output = x.withDim(-1, outFeatures);
        TensorType state = batched
                ? x.withDims(List.of(states, x.dim(batchFirst ? 0 : 1), h))
                : x.withDims(List.of(states, h));
        Layout layout = new Layout(x, batchFirst, args);
        if (inputs.size() > 1 && !(inputs.get(1) instanceof Value.Absent)
                && !checkHx(ctx, inputs.get(1), state, layout)) {
            return Value.UNKNOWN;
        }
        if (inputs.size() > 2 && !checkLengths(ctx, inputs.get(2), x, batched, batchFirst)) {
            return Value.UNKNOWN;
        }
        Value out = new Value.Tensor(output, name());
        Value hn = new Value.Tensor(state, name());
        Value last = hasCellState() ? new Value.Seq(List.of(hn, new Value.Tensor(state, name())), true) : hn;
        return new Value.Seq(List.of(out, last), true);
    }

    /** The input and options a state is checked against, so a help can blame the layout instead of the state. */
    record Layout(TensorType x, boolean batchFirst, Args args) {
        /** Whether the state's batch is the input's dimension 0 while the layer reads [T, N, features]. */
        boolean batchLooksFirst(TensorType expected, TensorType found) {
            return !batchFirst && x.rank() == 3 && found.rank() == 3 && !x.dim(0).equals(x.dim(1))
                    && found.equals(expected.withDim(1, x.dim(0)));
        }
    }

    private boolean checkHx(OpContext ctx, Value hx, TensorType state, Layout layout) {
        if (hx instanceof Value.Unknown) {
            return false;
        }
        if (!hasCellState()) {
            return requireState(ctx, 1, hx, state, "hx", layout);
        }
        if (!(hx instanceof Value.Seq s) || s.items().size() != 2) {
            ctx.report(Code.E0215, ctx.inputSpan(1),
                    "`" + ctx.layerName() + "` expects hx as a tuple (h_0, c_0) of " + state + " tensors, found "
                            + Value.describe(hx),
                    r -> r.spanLabel("not a pair of states")
                            .help("pass both states: `" + ctx.layerName() + "(x, (h0, c0))`"));
            return false;
        }
        if (s.items().stream().anyMatch(v -> v instanceof Value.Unknown)) {
            return false;
        }
        // Both are checked: a fix that repairs h_0 alone would leave the program failing on c_0.
        boolean h = requireState(ctx, 1, s.items().get(0), state, "h_0", layout);
        if (!h && s.items().get(0) instanceof Value.Tensor t && layout.batchLooksFirst(state, t.type())) {
            return false; // batch_first=true repairs c_0 too: one diagnostic says so
        }
        boolean c = requireState(ctx, 1, s.items().get(1), state, "c_0", layout);
        return h && c;
    }

    private boolean checkLengths(OpContext ctx, Value lengths, TensorType x, boolean batched, boolean batchFirst) {
        if (lengths instanceof Value.Unknown) {
            return false;
        }
        if (!(lengths instanceof Value.Tensor t)) {
            ctx.report(Code.E0210, ctx.inputSpan(2),
                    "`" + ctx.layerName() + "` expects `lengths` as an int[N] tensor, found " + Value.describe(lengths));
            return false;
        }
        if (t.type().elem() != ElemType.INT) {
            ctx.report(Code.E0206, ctx.inputSpan(2),
                    "`" + ctx.layerName() + "` needs integer sequence lengths, found float tensor " + t.type(),
                    r -> r.spanLabel("float tensor " + t.type()));
            return false;
        }
        if (!batched) {
            ctx.report(Code.E0210, ctx.inputSpan(2),
                    "`" + ctx.layerName() + "` takes `lengths` only with a batched input, found unbatched " + x,
                    r -> r.spanLabel("lengths of a batch of sequences"));
            return false;
        }
        TensorType expected = TensorType.of(ElemType.INT, List.of(x.dim(batchFirst ? 0 : 1)));
        if (!t.type().equals(expected)) {
            ctx.report(Code.E0210, ctx.inputSpan(2),
                    "`" + ctx.layerName() + "` expects `lengths` of shape " + expected + " for input " + x
                            + ", found " + t.type(),
                    r -> r.spanLabel("one length per sequence in the batch"));
            return false;
        }
        return true;
    }

    /**
     * Reports E0215 (E0207 for an int tensor) unless {@code v} is a tensor of exactly the state's type. The help
     * blames the cause: a layer that should read batch-first input, or the {@code zeros(…)} that made the state.
     * {@code layout} is null for a cell, which has no batch_first.
     */
    static boolean requireState(OpContext ctx, int input, Value v, TensorType expected, String what, Layout layout) {
        if (v instanceof Value.Unknown) {
            return false;
        }
        if (v instanceof Value.Tensor t && t.type().equals(expected)) {
            return true;
        }
        if (v instanceof Value.Tensor t && t.type().elem() == ElemType.INT) {
            ctx.report(Code.E0207, ctx.inputSpan(input),
                    "`" + ctx.layerName() + "` needs a float " + what + ", found integer tensor " + t.type(),
                    r -> r.spanLabel("integer tensor " + t.type()));
            return false;
        }
        String found = Value.describe(v);
        ctx.report(Code.E0215, ctx.inputSpan(input),
                "`" + ctx.layerName() + "` expects " + what + " of shape " + expected + ", found " + found,
                r -> {
                    r.spanLabel("has shape " + found);
                    if (expected.rank() == 3) {
                        r.note("the state is [num_layers × directions, N, hidden_size]; it is never batch-first");
                    }
                    if (v instanceof Value.Tensor t && t.type().rank() == expected.rank()) {
                        for (int i = 0; i < expected.rank(); i++) {
                            Dim a = expected.dim(i);
                            Dim b = t.type().dim(i);
                            if (!a.equals(b) && (!a.isConstant() || !b.isConstant())) {
                                r.note("dimension " + i + " is " + b + " but must be " + a
                                        + "; they are not equal for every value of their symbols");
                            }
                        }
                    }
                    if (v instanceof Value.Tensor t && layout != null && layout.batchLooksFirst(expected, t.type())) {
                        return r.note("the state's batch " + layout.x().dim(0) + " is the input's dimension 0, but `"
                                        + ctx.layerName() + "` reads its input as [T, N, features]")
                                .fix("read the input batch-first: add `batch_first=true` to `" + ctx.layerName()
                                                + "` on line " + layout.args().callSpan().line(),
                                        layout.args().callSpan().beforeLastChar(), ", batch_first=true");
                    }
                    String zeros = String.join(", ", expected.dims().stream().map(Dim::toString).toList());
                    Provenance made = v instanceof Value.Tensor t ? t.origin() : null;
                    if (made != null && (made.op().equals("zeros") || made.op().equals("ones"))
                            && made.args().written("size")) {
                        return r.label(made.span(), "the state is made here as " + found)
                                .fix("make it " + expected.shapeText() + ": `" + made.op() + "(" + zeros + ")` on line "
                                        + made.span().line(), made.args().spanOf("size"), zeros);
                    }
                    return r.help("create it with shape " + expected.shapeText() + ", e.g. `zeros(" + zeros + ")`");
                });
        return false;
    }

    @Override
    public List<ParamTensor> parameters(Args args) {
        long in = args.integer("input_size", 0);
        long h = args.integer("hidden_size", 0);
        long g = gates() * h;
        long layers = args.integer("num_layers", 1);
        long directions = args.bool("bidirectional", false) ? 2 : 1;
        boolean bias = args.bool("bias", true);
        ParamTensor.Init init = new ParamTensor.Init.UniformHidden(h);
        List<ParamTensor> out = new ArrayList<>();
        for (long k = 0; k < layers; k++) {
            long inK = k == 0 ? in : directions * h;
            for (long dir = 0; dir < directions; dir++) {
                String sfx = "_l" + k + (dir == 1 ? "_reverse" : "");
                out.add(ParamTensor.of("weight_ih" + sfx, g, inK).initialized(init));
                out.add(ParamTensor.of("weight_hh" + sfx, g, h).initialized(init));
                if (bias) {
                    out.add(ParamTensor.of("bias_ih" + sfx, g).initialized(init));
                    out.add(ParamTensor.of("bias_hh" + sfx, g).initialized(init));
                }
            }
        }
        return out;
    }

    @Override
    public Dim macs(Args args, List<TensorType> inputs, TensorType output) {
        long in = args.integer("input_size", 0);
        long h = args.integer("hidden_size", 0);
        long layers = args.integer("num_layers", 1);
        long directions = args.bool("bidirectional", false) ? 2 : 1;
        long perStep = 0;
        for (long k = 0; k < layers; k++) {
            long inK = k == 0 ? in : directions * h;
            perStep += directions * gates() * h * (inK + h);
        }
        if (inputs.isEmpty()) {
            return Dim.of(perStep);
        }
        TensorType x = inputs.get(0);
        Dim steps = x.rank() == 3 && args.bool("batch_first", false) ? x.dim(1) : x.dim(0);
        return steps.times(perStep);
    }
}
