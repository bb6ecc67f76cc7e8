package dev.nnet.ops.shape;

import dev.nnet.ops.Catalogue;
import dev.nnet.ops.Op;
import dev.nnet.ops.pointwise.Dropout;
import dev.nnet.ops.pointwise.Elementwise;
import dev.nnet.types.Args;
import dev.nnet.types.Dim;
import dev.nnet.types.Provenance;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The strides PyTorch would give a checked tensor, read back from its history, so that {@code view} can be held to
 * PyTorch's rule: a view must be expressible with the input's strides. {@code transpose}, {@code t()}, slicing,
 * {@code squeeze}/{@code unsqueeze} and {@code view} keep the strides they are given; element-wise ops and dropout
 * keep their first full-shaped operand's, as PyTorch's TensorIterator does; every other op makes a fresh contiguous
 * tensor. (nnet itself always stores tensors densely; this only decides which programs PyTorch would accept.)
 */
public final class Strides {
    private static final Set<String> ARITHMETIC = Set.of("add", "sub", "mul", "div");

    private Strides() {
    }

    /**
     * Sizes and strides of a tensor; {@code cause} is the step (a transpose or a slice) that made it stop being
     * contiguous, or null while it is.
     */
    public record Layout(List<Dim> sizes, List<Dim> strides, Provenance cause) {
        static Layout contiguous(List<Dim> sizes) {
            List<Dim> strides = new ArrayList<>(sizes);
            Dim step = Dim.of(1);
            for (int i = sizes.size() - 1; i >= 0; i--) {
                strides.set(i, step);
                step = step.times(sizes.get(i));
            }
            return new Layout(List.copyOf(sizes), strides, null);
        }

        /** PyTorch's is_contiguous: row-major strides, ignoring dimensions of size 1. */
        public boolean isContiguous() {
            Dim step = Dim.of(1);
            for (int i = sizes.size() - 1; i >= 0; i--) {
                if (!sizes.get(i).equals(Dim.of(1))) {
                    if (!strides.get(i).equals(step)) {
                        return false;
                    }
                    step = step.times(sizes.get(i));
                }
            }
            return true;
        }

        /** This layout after {@code step}: the cause is kept while it stays strided, set by the step that broke it. */
        Layout after(Provenance step, List<Dim> newSizes, List<Dim> newStrides) {
            Layout next = new Layout(List.copyOf(newSizes), List.copyOf(newStrides), null);
            if (next.isContiguous()) {
                return next;
            }
            return new Layout(next.sizes, next.strides, cause != null ? cause : step);
        }
    }

    /** The layout of {@code t}; contiguous where its history says nothing (an input, a literal, a computed value). */
    public static Layout of(Value.Tensor t) {
        Layout contiguous = Layout.contiguous(t.type().dims());
        Provenance p = t.origin();
        if (p == null || p.inputs().isEmpty() || !(p.inputs().get(0) instanceof Value.Tensor first)) {
            return contiguous;
        }
        List<Dim> out = t.type().dims();
        String op = p.op();
        if (op.equals(Provenance.BIND)) {
            Layout in = of(first);
            return in.isContiguous() ? contiguous : new Layout(out, in.strides(), in.cause());
        }
        if (ARITHMETIC.contains(op)) {
            for (Value v : p.inputs()) {
                if (v instanceof Value.Tensor operand && operand.type().dims().equals(out)) {
                    return of(operand);
                }
            }
            return contiguous;
        }
        Layout in = of(first);
        return switch (op) {
            case "transpose", "t" -> swap(p, in);
            case "slice" -> sliced(p, in, out);
            case "squeeze" -> squeezed(p, in);
            case "unsqueeze" -> unsqueezed(p, in);
            case "view" -> viewed(in, out).map(s -> in.after(p, out, s)).orElse(contiguous);
            // reshape is a view where one is possible, else a copy.
            case "reshape", "flatten" -> viewed(in, out).map(s -> in.after(p, out, s)).orElse(contiguous);
            default -> keepsLayout(op) && in.sizes().equals(out) ? in : contiguous;
        };
    }

    /** Element-wise activations and dropout write their output in their input's layout. */
    private static boolean keepsLayout(String op) {
        Optional<Op> found = Catalogue.lookup(op);
        return found.isPresent() && (found.get() instanceof Elementwise || found.get() instanceof Dropout);
    }

    private static Layout swap(Provenance p, Layout in) {
        int rank = in.sizes().size();
        if (rank < 2) {
            return in;
        }
        int a = p.op().equals("t") ? 0 : axis(p.args(), "dim0", rank);
        int b = p.op().equals("t") ? 1 : axis(p.args(), "dim1", rank);
        List<Dim> sizes = new ArrayList<>(in.sizes());
        List<Dim> strides = new ArrayList<>(in.strides());
        sizes.set(a, in.sizes().get(b));
        sizes.set(b, in.sizes().get(a));
        strides.set(a, in.strides().get(b));
        strides.set(b, in.strides().get(a));
        return in.after(p, sizes, strides);
    }

    /** Ranges keep their dimension's stride; an index removes the dimension (Slicing records which it kept). */
    private static Layout sliced(Provenance p, Layout in, List<Dim> out) {
        List<Dim> strides = new ArrayList<>();
        if (!(p.args().get("kept") instanceof Value.Seq kept) || kept.items().size() != out.size()) {
            return Layout.contiguous(out);
        }
        for (Value v : kept.items()) {
            strides.add(in.strides().get((int) ((Value.Int) v).value().constantTerm()));
        }
        return in.after(p, out, strides);
    }

    private static Layout squeezed(Provenance p, Layout in) {
        List<Dim> sizes = new ArrayList<>();
        List<Dim> strides = new ArrayList<>();
        int only = p.args().has("dim") ? axis(p.args(), "dim", in.sizes().size()) : -1;
        for (int i = 0; i < in.sizes().size(); i++) {
            boolean drop = only < 0 ? in.sizes().get(i).equals(Dim.of(1)) : i == only;
            if (!drop) {
                sizes.add(in.sizes().get(i));
                strides.add(in.strides().get(i));
            }
        }
        return in.after(p, sizes, strides);
    }

    private static Layout unsqueezed(Provenance p, Layout in) {
        int rank = in.sizes().size();
        int d = axis(p.args(), "dim", rank + 1);
        List<Dim> sizes = new ArrayList<>(in.sizes());
        List<Dim> strides = new ArrayList<>(in.strides());
        sizes.add(d, Dim.of(1));
        strides.add(d, d < rank ? in.sizes().get(d).times(in.strides().get(d)) : Dim.of(1));
        return in.after(p, sizes, strides);
    }

    /**
     * The strides of {@code in} viewed as {@code shape}, or empty where no strides can express it: PyTorch's
     * computeStride. The input's dimensions fall into chunks that are contiguous among themselves; each chunk must
     * be split exactly by consecutive new dimensions.
     */
    public static Optional<List<Dim>> viewed(Layout in, List<Dim> shape) {
        List<Dim> sizes = in.sizes();
        List<Dim> strides = in.strides();
        List<Dim> out = new ArrayList<>(shape);
        if (sizes.isEmpty()) {
            return Optional.of(Layout.contiguous(shape).strides());
        }
        int viewD = shape.size() - 1;
        Dim chunkBase = strides.get(strides.size() - 1);
        Dim tensorNumel = Dim.of(1);
        Dim viewNumel = Dim.of(1);
        for (int d = sizes.size() - 1; d >= 0; d--) {
            tensorNumel = tensorNumel.times(sizes.get(d));
            boolean chunkEnds = d == 0 || !sizes.get(d - 1).equals(Dim.of(1))
                    && !strides.get(d - 1).equals(tensorNumel.times(chunkBase));
            if (!chunkEnds) {
                continue;
            }
            while (viewD >= 0 && (below(viewNumel, tensorNumel) || shape.get(viewD).equals(Dim.of(1)))) {
                out.set(viewD, viewNumel.times(chunkBase));
                viewNumel = viewNumel.times(shape.get(viewD));
                viewD--;
            }
            if (!viewNumel.equals(tensorNumel)) {
                return Optional.empty();
            }
            if (d > 0) {
                chunkBase = strides.get(d - 1);
                tensorNumel = Dim.of(1);
                viewNumel = Dim.of(1);
            }
        }
        return viewD == -1 ? Optional.of(out) : Optional.empty();
    }

    /** {@code part < whole} for products of sizes: part divides whole into more than one piece. */
    private static boolean below(Dim part, Dim whole) {
        Optional<Dim> q = whole.exactDiv(part);
        return q.isPresent() && !q.get().equals(Dim.of(1));
    }

    /** A checked dimension argument as an index: negative ones count from the end. */
    private static int axis(Args args, String name, int span) {
        long d = args.integer(name, 0);
        return (int) (d < 0 ? d + Math.max(span, 1) : d);
    }
}
