package dev.nnet.ops;

import dev.nnet.diag.Report;
import dev.nnet.types.Dim;
import dev.nnet.types.Provenance;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.Optional;

/**
 * Reads a tensor's {@link Provenance} to find the statement that caused a shape error found at a later use, so the
 * diagnostic can label the cause and not only the line where the shapes finally disagree.
 */
public final class Blame {
    /** How far back a history is searched; a chain of 8,000 activations must not make checking quadratic. */
    private static final int MAX_STEPS = 64;

    private Blame() {
    }

    /** The step that moved the batch: it made {@code out} from {@code in}. */
    public record BatchChange(Provenance step, TensorType in, TensorType out) {
        public String label() {
            return "`" + step.name() + "` turns the batch dimension " + in.dim(0) + " into " + out.dim(0) + " here";
        }
    }

    /**
     * The latest step in {@code v}'s history whose dimension 0 held a symbol (the batch) and came out as a new size
     * that is not one of its input's dimensions: a {@code view(-1, …)} or a {@code concat(…, dim=0)}, but not a
     * transpose, which only moves the batch.
     */
    public static Optional<BatchChange> batchChange(Value v) {
        Value at = v;
        for (int steps = 0; steps < MAX_STEPS && at instanceof Value.Tensor t && t.origin() != null; steps++) {
            Provenance p = t.origin();
            Value first = firstTensor(p);
            if (!(first instanceof Value.Tensor in)) {
                return Optional.empty();
            }
            if (!p.op().equals(Provenance.BIND) && movesBatch(in.type(), t.type())) {
                return Optional.of(new BatchChange(p, in.type(), t.type()));
            }
            at = in;
        }
        return Optional.empty();
    }

    private static boolean movesBatch(TensorType in, TensorType out) {
        if (in.rank() == 0 || out.rank() == 0) {
            return false;
        }
        Dim before = in.dim(0);
        Dim after = out.dim(0);
        return !before.symbols().isEmpty() && !after.equals(before) && !in.dims().contains(after);
    }

    /** The first tensor an application read: its first input, or the first item of a list input (concat). */
    static Value firstTensor(Provenance p) {
        if (p.inputs().isEmpty()) {
            return null;
        }
        Value v = p.inputs().get(0);
        if (v instanceof Value.Seq s && !s.items().isEmpty()) {
            return s.items().get(0);
        }
        return v;
    }

    /** A replacement at the cause: {@code text} is the help, {@code at}/{@code replacement} the exact edit. */
    public record CauseFix(String text, dev.nnet.diag.Span at, String replacement) {
    }

    /**
     * An edit of the step that moved the batch which keeps the batch and leaves {@code features} in the last
     * dimension, where one is known: a concat along its last dimension, or {@code view(N, -1)}.
     */
    public static Optional<CauseFix> restoreBatch(BatchChange b, long features) {
        Provenance p = b.step();
        boolean concat = p.op().equals("concat") || p.op().equals("cat");
        if (concat && p.args().written("dim") && p.inputs().get(0) instanceof Value.Seq s) {
            int last = b.in().rank() - 1;
            Dim joined = Dim.of(0);
            for (Value item : s.items()) {
                if (!(item instanceof Value.Tensor t) || t.type().rank() != b.in().rank()
                        || !t.type().dim(0).equals(b.in().dim(0))) {
                    return Optional.empty();
                }
                joined = joined.plus(t.type().dim(last));
            }
            if (last > 0 && joined.equals(Dim.of(features))) {
                return Optional.of(new CauseFix("join along the features, not the batch: `dim=" + last + "` on line "
                        + p.span().line(), p.args().spanOf("dim"), Integer.toString(last)));
            }
        }
        boolean view = p.op().equals("view") || p.op().equals("reshape");
        Dim batch = b.in().dim(0);
        if (view && p.args().written("shape") && batch.isSymbol() && b.out().rank() == 2) {
            Optional<Dim> rest = b.in().numel().exactDiv(batch);
            if (rest.isPresent() && rest.get().equals(Dim.of(features))) {
                String shape = batch + ", -1";
                return Optional.of(new CauseFix("keep the batch and infer the features: `" + p.op() + "(" + shape
                        + ")` on line " + p.span().line(), p.args().spanOf("shape"), shape));
            }
        }
        return Optional.empty();
    }

    /**
     * Labels the sliding window (a convolution or pooling layer) in {@code v}'s history that shrank dimension
     * {@code axis} away from {@code wanted}, at its declaration's {@code kernel=}; when the window has stride 1, an
     * odd square kernel and no padding written, and its input had the wanted size, the fix adds "same" padding.
     * Returns whether it found one.
     */
    public static boolean shrinkingWindow(Report r, Value v, int axis, Dim wanted) {
        Value at = v;
        for (int steps = 0; steps < MAX_STEPS && at instanceof Value.Tensor t && t.origin() != null; steps++) {
            Provenance p = t.origin();
            TensorType in = p.inputType(0);
            if (in == null || in.rank() != t.type().rank()) {
                return false;
            }
            if (!in.dim(axis).equals(t.type().dim(axis)) && p.args().written("kernel_size")) {
                long[] k = p.args().pair("kernel_size").orElse(new long[] {1, 1});
                long[] stride = p.args().pair("stride").orElse(k);
                boolean conv = p.op().equals("conv2d");
                long strideH = p.args().written("stride") ? stride[0] : conv ? 1 : k[0];
                long strideW = p.args().written("stride") ? stride[1] : conv ? 1 : k[1];
                String where = p.isLayer() ? "`" + p.name() + "` is declared with " : "";
                String strideText = strideH == 1 && strideW == 1 ? "" : " and stride " + stride[0];
                r.label(p.args().spanOf("kernel_size"), where + "kernel " + (k[0] == k[1] ? k[0] : k[0] + "x" + k[1])
                        + strideText + (p.args().written("padding") ? "" : " and no padding") + ": it makes "
                        + in.dim(axis) + " into " + t.type().dim(axis));
                boolean same = k[0] == k[1] && k[0] % 2 == 1 && strideH == 1 && strideW == 1
                        && !p.args().written("padding") && !p.args().written("dilation") && in.dim(axis).equals(wanted);
                if (same) {
                    long pad = (k[0] - 1) / 2;
                    r.fix("pad it to keep the size: `kernel=" + k[0] + ", padding=" + pad + "` on line "
                            + p.args().spanOf("kernel_size").line(), p.args().spanOf("kernel_size"),
                            k[0] + ", padding=" + pad);
                }
                return true;
            }
            at = p.inputs().get(0);
        }
        return false;
    }

    /** The latest step in {@code v}'s history that made an integer tensor float, e.g. ids multiplied by 2.0. */
    public static Optional<Provenance> madeFloat(Value v) {
        Value at = v;
        for (int steps = 0; steps < MAX_STEPS && at instanceof Value.Tensor t && t.origin() != null; steps++) {
            Value first = firstTensor(t.origin());
            if (!(first instanceof Value.Tensor in)) {
                return Optional.empty();
            }
            if (in.type().elem() == dev.nnet.types.ElemType.INT && t.type().elem() != dev.nnet.types.ElemType.INT) {
                return Optional.of(t.origin());
            }
            at = in;
        }
        return Optional.empty();
    }

    /**
     * An {@code unsqueeze} that put the new size-1 axis somewhere other than {@code axis}, where a layer wanting one
     * channel or feature reads it: {@code [N, 28, 28].unsqueeze(-1)} before a {@code conv2d(1, …)}.
     */
    public static Optional<CauseFix> misplacedAxis(Value v, int axis, long expected) {
        if (expected != 1 || !(v instanceof Value.Tensor t) || t.origin() == null
                || !t.origin().op().equals("unsqueeze") || !t.origin().args().written("dim")) {
            return Optional.empty();
        }
        Provenance p = t.origin();
        long dim = p.args().integer("dim", 0);
        int inserted = (int) (dim < 0 ? dim + t.type().rank() : dim);
        if (inserted == axis) {
            return Optional.empty();
        }
        return Optional.of(new CauseFix("insert the axis where it is read: `unsqueeze(" + axis + ")` on line "
                + p.span().line(), p.args().spanOf("dim"), Integer.toString(axis)));
    }

    /** Labels the statement that made {@code v}, e.g. "`b3` gives [N, 8, 10, 10] here"; no label without history. */
    public static Report madeHere(Report r, Value v) {
        if (v instanceof Value.Tensor t && t.origin() != null) {
            r.label(t.origin().span(), "`" + t.origin().name() + "` gives " + t.type() + " here");
        }
        return r;
    }
}
