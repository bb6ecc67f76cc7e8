package dev.nnet.ops.shape;

import dev.nnet.diag.Code;
import dev.nnet.ops.ArgKind;
import dev.nnet.ops.OpBase;
import dev.nnet.ops.OpContext;
import dev.nnet.ops.OpKind;
import dev.nnet.ops.ParamSpec;
import dev.nnet.ops.Shapes;
import dev.nnet.ops.Signature;
import dev.nnet.types.Args;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import dev.nnet.ir.Node;
import dev.nnet.ops.LowerContext;

/** {@code view(shape...)}: the same elements under a new shape; one {@code -1} is inferred. */
public class View extends OpBase {
    private static final Signature SIGNATURE = Signature.of(
            ParamSpec.required("shape", ArgKind.DIMS, "the new shape; one entry may be -1 to infer it"));

    public View() {
        this("view", "view");
    }

    /** For a variant that shares this rule under its own names: {@code reshape}. */
    public View(String name, String displayName) {
        super(name, displayName, OpKind.STATELESS, SIGNATURE, List.of("input"));
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        Optional<TensorType> in = Shapes.tensorInput(ctx, inputs, 0);
        Optional<List<Dim>> requested = shapeArg(args);
        if (in.isEmpty() || requested.isEmpty()) {
            return Value.UNKNOWN;
        }
        TensorType x = in.get();
        List<Dim> shape = requested.get();
        String shapeText = shapeText(shape);
        int inferred = -1;
        Dim known = Dim.of(1);
        for (int i = 0; i < shape.size(); i++) {
            Dim d = shape.get(i);
            if (d.isConstant() && d.constantTerm() == -1) {
                if (inferred >= 0) {
                    return ctx.fail(Code.E0203, args.spanOf("shape"),
                            "`" + ctx.layerName() + "` can infer only one dimension, found two -1s in " + shapeText,
                            r -> r.spanLabel("two -1 entries")
                                    .help("write all but one size explicitly"));
                }
                inferred = i;
            } else if (d.isConstant() && d.constantTerm() < 0) {
                long bad = d.constantTerm();
                return ctx.fail(Code.E0112, args.spanOf("shape"),
                        "invalid size " + bad + " in `" + ctx.layerName() + "` shape " + shapeText,
                        r -> r.spanLabel("sizes must be zero or more, or -1 to infer one"));
            } else {
                known = known.times(d);
            }
        }
        Dim count = x.numel();
        String have = x.shapeText() + " has " + count + " element" + (count.equals(Dim.of(1)) ? "" : "s");
        if (inferred < 0) {
            if (count.equals(known)) {
                return strided(ctx, inputs.get(0), shape).orElseGet(() -> new Value.Tensor(x.withDims(shape), name()));
            }
            Dim needs = known;
            return ctx.fail(Code.E0203, ctx.callSpan(),
                    "`" + ctx.layerName() + "` cannot view " + x + " as " + shapeText + ": the element count changes",
                    r -> details(ctx, r.spanLabel("input has shape " + x.shapeText())
                            .note(have + "; " + shapeText + " has " + needs), count, needs));
        }
        Optional<Dim> fill = known.isConstant() && known.constantTerm() == 0 ? Optional.empty()
                : count.exactDiv(known);
        if (fill.isEmpty()) {
            Dim needs = known;
            return ctx.fail(Code.E0203, ctx.callSpan(),
                    "`" + ctx.layerName() + "` cannot view " + x + " as " + shapeText
                            + ": the element count is not a multiple of " + needs,
                    r -> details(ctx, r.spanLabel("input has shape " + x.shapeText())
                            .note(have + "; " + shapeText + " needs a multiple of " + needs), count, needs));
        }
        List<Dim> out = new ArrayList<>(shape);
        out.set(inferred, fill.get());
        return strided(ctx, inputs.get(0), out).orElseGet(() -> new Value.Tensor(x.withDims(out), name()));
    }

    /**
     * E0220 where PyTorch's {@code view} would refuse: the input's strides, after a transpose or a slice, cannot
     * express the new shape. Empty where the view is fine, and always for {@code reshape}, which copies then.
     */
    private Optional<Value> strided(OpContext ctx, Value input, List<Dim> shape) {
        if (!name().equals("view") || !(input instanceof Value.Tensor t)) {
            return Optional.empty();
        }
        Strides.Layout layout = Strides.of(t);
        if (layout.isContiguous() || Strides.viewed(layout, shape).isPresent() || layout.cause() == null) {
            return Optional.empty();
        }
        var cause = layout.cause();
        boolean transposed = !cause.op().equals("slice");
        String why = transposed ? "its input is transposed, so its elements are not in row-major order"
                : "its input is a slice, so the elements it keeps are not adjacent";
        return Optional.of(ctx.fail(Code.E0220, ctx.callSpan(), "`view` cannot reshape " + t.type() + " to "
                        + shapeText(shape) + ": " + why,
                r -> {
                    r.spanLabel("view needs the input's memory to be laid out for the new shape")
                            .label(cause.span(), transposed ? "transposed here" : "sliced here")
                            .note("PyTorch raises \"view size is not compatible with input tensor's size and stride\" "
                                    + "at run time; nnet reports it when checking");
                    if (!ctx.nameSpan().equals(ctx.callSpan())) {
                        r.fix("use `reshape`, which copies where a view cannot (or call `.contiguous()` before "
                                + "`view`)", ctx.nameSpan(), "reshape");
                    } else {
                        r.help("use `reshape`, which copies where a view cannot, or call `.contiguous()` before "
                                + "`view`");
                    }
                    return r;
                }));
    }

    private static dev.nnet.diag.Report details(OpContext ctx, dev.nnet.diag.Report r, Dim count, Dim needs) {
        String origin = ctx.inputOrigin(0);
        if (!origin.isEmpty()) {
            r.note(origin);
        }
        Set<String> symbols = new TreeSet<>(count.symbols());
        symbols.addAll(needs.symbols());
        if (!symbols.isEmpty()) {
            r.note("the counts depend on " + String.join(", ", symbols.stream().map(s -> "`" + s + "`").toList())
                    + " and do not match for every value");
        }
        return r.help("keep the batch dimension and infer the rest, e.g. `view(N, -1)` or `flatten()`");
    }

    /** The shape as dimensions; a single list argument ({@code view([2, 3])}) is unwrapped. */
    private static Optional<List<Dim>> shapeArg(Args args) {
        if (!(args.get("shape") instanceof Value.Seq s)) {
            return args.get("shape") instanceof Value.Int i ? Optional.of(List.of(i.value())) : Optional.empty();
        }
        List<Value> items = s.items();
        if (items.size() == 1 && items.get(0) instanceof Value.Seq inner) {
            items = inner.items();
        }
        List<Dim> out = new ArrayList<>();
        for (Value item : items) {
            if (!(item instanceof Value.Int i)) {
                return Optional.empty();
            }
            out.add(i.value());
        }
        return Optional.of(out);
    }

    private static String shapeText(List<Dim> dims) {
        return "[" + String.join(", ", dims.stream().map(Dim::toString).toList()) + "]";
    }

    /** Only the shape changes: the IR reshape aliases the input's buffer. */
    @Override
    public Node lower(LowerContext cx) {
        return cx.reshapeToOutput();
    }

    @Override
    public String doc() {
        return "Reinterprets the input's elements under a new shape with the same element count; one size may be "
                + "-1 and is inferred: [N, 1, 28, 28].view(-1, 784) is [N, 784]. No parameters.";
    }
}
