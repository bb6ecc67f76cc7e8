package dev.nnet.codegen.java;

import dev.nnet.ir.Graph;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.AccumulatesInto;
import dev.nnet.ir.op.ChannelSum;
import dev.nnet.ir.op.Concat;
import dev.nnet.ir.op.Conv2d;
import dev.nnet.ir.op.Conv2dGradInput;
import dev.nnet.ir.op.Conv2dGradWeight;
import dev.nnet.ir.op.Fill;
import dev.nnet.ir.op.Input;
import dev.nnet.ir.op.IrOp;
import dev.nnet.ir.op.Linear;
import dev.nnet.ir.op.LinearGradInput;
import dev.nnet.ir.op.LinearGradWeight;
import dev.nnet.ir.op.Loss;
import dev.nnet.ir.op.LossGrad;
import dev.nnet.ir.op.Param;
import dev.nnet.ir.op.Pointwise;
import dev.nnet.ir.op.Pool2d;
import dev.nnet.ir.op.Pool2dGrad;
import dev.nnet.ir.op.ReduceTo;
import dev.nnet.ir.op.Reshape;
import dev.nnet.ir.op.Slice;
import dev.nnet.ir.op.SliceGrad;
import dev.nnet.ir.op.Softmax;
import dev.nnet.ir.op.SoftmaxGrad;
import dev.nnet.ir.op.SumRows;
import dev.nnet.ir.op.Transpose;
import dev.nnet.ir.op.Update;
import dev.nnet.types.Dim;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a training step can run as independent shares of its batch: every value either holds one row per sample
 * ([N, ...], computed sample by sample) or does not depend on the samples at all, except the loss and the weight
 * gradients, the two sums over the batch that the batch-split trainer adds up across shares. Anything else that
 * mixes samples (batch statistics, a reshape across the batch, a reduction over N that feeds the model) keeps the
 * step per-op; so do dropout (one random stream drawn in sample order) and recurrent layers.
 */
final class BatchSplitCheck {
    /** Ops that compute each sample's rows from the same sample's rows only (axes checked separately). */
    private static final Set<Class<? extends IrOp>> SAMPLE_WISE = Set.of(Linear.class, LinearGradInput.class,
            Conv2d.class, Conv2dGradInput.class, Pool2d.class, Pool2dGrad.class, Pointwise.class, Reshape.class,
            Softmax.class, SoftmaxGrad.class, Slice.class, SliceGrad.class, Concat.class, Transpose.class,
            Fill.class, ReduceTo.class, LossGrad.class);
    /** Sums over the batch that the optimizer reads: added across shares before the update. */
    private static final Set<Class<? extends IrOp>> WEIGHT_GRADIENTS = Set.of(LinearGradWeight.class,
            Conv2dGradWeight.class, SumRows.class, ChannelSum.class, ReduceTo.class);

    private BatchSplitCheck() {
    }

    /**
     * Null when {@code step} splits by samples, else why not, naming the value that stands in the way.
     *
     * @param data the bindings of the batch's rows: the model's inputs and the target
     */
    static String whyNot(Graph step, Set<String> data) {
        Dim batch = Dim.sym(step.batchSymbol());
        Map<Node, List<Node>> users = step.users();
        Set<Node> fromSamples = new HashSet<>();
        Node loss = step.outputs().get("loss");
        if (loss == null || !(loss.op() instanceof Loss)) {
            return "the step has no loss node to sum across shares";
        }
        for (Node n : step.nodes()) {
            IrOp op = n.op();
            boolean perSample = n.type().rank() > 0 && n.type().dim(0).equals(batch);
            boolean readsSamples = n.inputs().stream().anyMatch(fromSamples::contains);
            if (op instanceof Input in) {
                if (!data.contains(in.binding()) || !perSample) {
                    return "input " + in.binding() + " " + n.type() + " is not a row per sample";
                }
                fromSamples.add(n);
                continue;
            }
            if (op instanceof Param || op instanceof Update || !readsSamples) {
                continue;
            }
            fromSamples.add(n);
            String where = n.label() + " (" + op.name() + (n.origin().isEmpty() ? "" : ", " + n.origin()) + ")";
            if (perSample) {
                if (!SAMPLE_WISE.contains(op.getClass()) || !keepsBatchAxis(op, n.type().rank())) {
                    return where + " mixes the samples of the batch";
                }
                for (Node in : n.inputs()) {
                    boolean inPerSample = in.type().rank() > 0 && in.type().dim(0).equals(batch);
                    if (fromSamples.contains(in) && !inPerSample) {
                        return where + " reads " + in.label() + ", a sum over the batch";
                    }
                }
            } else if (n != loss && !isWeightGradient(n, users)) {
                return where + " reduces over the batch and is not a weight gradient";
            }
        }
        return null;
    }

    /** A sum over the batch that only optimizer steps read, computed into its own buffer. */
    private static boolean isWeightGradient(Node n, Map<Node, List<Node>> users) {
        if (!WEIGHT_GRADIENTS.contains(n.op().getClass())
                || n.op() instanceof AccumulatesInto a && a.into() != null) {
            return false;
        }
        List<Node> readers = users.getOrDefault(n, List.of());
        return !readers.isEmpty() && readers.stream().allMatch(u -> u.op() instanceof Update && u.input(1) == n);
    }

    /** Ops with an axis must leave the batch axis (0) alone; softmax runs along the last. */
    private static boolean keepsBatchAxis(IrOp op, int rank) {
        if (op instanceof Softmax || op instanceof SoftmaxGrad) {
            return rank > 1;
        }
        if (op instanceof Slice s) {
            return Math.floorMod(s.axis(), rank) != 0;
        }
        if (op instanceof SliceGrad s) {
            return Math.floorMod(s.axis(), rank) != 0;
        }
        if (op instanceof Concat c) {
            return Math.floorMod(c.axis(), rank) != 0;
        }
        if (op instanceof Transpose t) {
            return Math.floorMod(t.first(), rank) != 0 && Math.floorMod(t.second(), rank) != 0;
        }
        return true;
    }
}
