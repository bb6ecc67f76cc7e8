package dev.nnet.passes;

import dev.nnet.ir.Graph;
import dev.nnet.ir.Verifier;
import java.util.List;
import java.util.Optional;

/**
 * The catalogue of passes, in the order they run. {@link #BEFORE_AUTODIFF} rewrites the forward pass and loss
 * (so the fused loss is what gets differentiated); {@link #AFTER_AUTODIFF} optimizes the whole training step.
 * Memory is planned last, by {@link MemoryPlan}, on the result.
 */
public final class Passes {
    public static final List<Pass> BEFORE_AUTODIFF = List.of(new FuseLoss(), new DeadCode());
    public static final List<Pass> AFTER_AUTODIFF = List.of(new DeadCode(), new FusePoolRelu(),
            new FusePoolGradSum(), new FuseResidual(), new FuseLinearReluGrad(), new FuseEpilogue(), new FusePointwise(),
            new DeadCode(),
            new KeepColumns(), new AccumulateInPlace());

    private Passes() {
    }

    /** Every pass by name, once. */
    public static List<Pass> all() {
        return List.of(new FuseLoss(), new DeadCode(), new FusePoolRelu(), new FusePoolGradSum(), new FuseResidual(),
                new FuseLinearReluGrad(), new FuseEpilogue(), new FusePointwise(), new KeepColumns(),
                new AccumulateInPlace());
    }

    public static Optional<Pass> named(String name) {
        return all().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Runs {@code passes} in order, verifying each result and showing it to {@code observer}. */
    public static Graph run(List<Pass> passes, Graph g, PassObserver observer) {
        for (Pass p : passes) {
            g = Verifier.verify(p.apply(g));
            observer.after(p, g);
        }
        return g;
    }
}
