package dev.nnet.lower;

import dev.nnet.ir.Node;
import dev.nnet.ir.op.Conv2d;
import dev.nnet.ir.op.ConvGeometry;
import dev.nnet.ir.op.Dropout;
import dev.nnet.ir.op.Param;
import dev.nnet.ir.op.Pool2d;
import dev.nnet.ir.op.PoolGeometry;
import dev.nnet.ir.op.Update;
import dev.nnet.passes.MemoryPlan;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a trainer allocates when it is built for a batch size, read off the lowered program before anything is
 * allocated: the planned buffers of its four graphs, the parameters with their gradients and optimizer state, and
 * the largest kernel workspaces (convolution column matrices, max-pooling indices, dropout masks). A lower bound
 * on the heap the trainer needs, and the longest single array, which Java caps at 2^31 − 1 elements.
 */
public record MemoryEstimate(long bytes, long longestArray, String longestArrayHolds) {
    /** Java's largest array length. */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    public static MemoryEstimate of(LoweredProgram.Model model, LoweredProgram.Train train, int maxBatch) {
        Tally t = new Tally();
        for (LoweredGraph g : List.of(model.predict(), model.forwardBackward(), train.trainStep(), train.eval())) {
            for (MemoryPlan.Buffer b : g.plan().buffers()) {
                t.add(b.perSample(), b.fixed(), maxBatch, "a buffer of " + g.graph().name() + " ("
                        + b.values().get(0).label() + ")");
            }
            Set<ConvGeometry> convs = new HashSet<>();
            for (Node n : g.graph().nodes()) {
                if (n.op() instanceof Conv2d c && convs.add(c.geometry())) {
                    ConvGeometry k = c.geometry();
                    long perSample = (long) k.inChannels() / k.groups() * k.kernelH() * k.kernelW() * k.outHeight()
                            * k.outWidth();
                    t.add(perSample, 0, maxBatch, "the column matrix of " + n.label());
                } else if (n.op() instanceof Pool2d p && p.geometry().max()) {
                    PoolGeometry k = p.geometry();
                    t.add((long) k.channels() * k.outHeight() * k.outWidth(), 0, maxBatch, "the indices of " + n.label());
                } else if (n.op() instanceof Dropout) {
                    long[] size = MemoryPlan.size(n.type().numel(), g.graph().batchSymbol());
                    t.add(size[0], size[1], maxBatch, "the mask of " + n.label());
                }
            }
        }
        for (Node n : train.trainStep().graph().nodes()) {
            if (n.op() instanceof Update u) {
                long count = n.input(0).type().numel().constant().orElse(0L);
                // The parameter, the model's .grad tensor and each optimizer state tensor.
                for (int copy = 0; copy < 2 + u.optimizer().stateNames().size(); copy++) {
                    t.add(0, count, maxBatch, ((Param) n.input(0).op()).stateName());
                }
            }
        }
        return new MemoryEstimate(t.bytes, t.longest, t.longestHolds);
    }

    /** Sums element counts (4 bytes each: float or int), saturating instead of overflowing. */
    private static final class Tally {
        long bytes;
        long longest;
        String longestHolds = "";

        void add(long perSample, long fixed, int maxBatch, String holds) {
            long elements = saturatingAdd(saturatingMultiply(perSample, maxBatch), fixed);
            bytes = saturatingAdd(bytes, saturatingMultiply(elements, 4));
            if (elements > longest) {
                longest = elements;
                longestHolds = holds;
            }
        }

        private static long saturatingMultiply(long a, long b) {
            long hi = Math.multiplyHigh(a, b);
            long lo = a * b;
            return hi == 0 && lo >= 0 ? lo : Long.MAX_VALUE;
        }

        private static long saturatingAdd(long a, long b) {
            long s = a + b;
            return s < 0 ? Long.MAX_VALUE : s;
        }
    }
}
