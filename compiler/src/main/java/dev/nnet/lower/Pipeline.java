package dev.nnet.lower;

import dev.nnet.Compilation;
import dev.nnet.check.TypedModel;
import dev.nnet.check.TypedTrain;
import dev.nnet.passes.PassObserver;
import java.util.ArrayList;
import java.util.List;

/**
 * The middle end: lowers a checked program once into the {@link LoweredProgram} every backend and dump reads. Each
 * function is lowered from the checker's trace, differentiated where it trains, run through the pass catalogue and
 * given its memory plan. Throws {@link LoweringException} for what the checker accepts but the code generator does
 * not support yet.
 */
public final class Pipeline {
    private Pipeline() {
    }

    /** The size the generated code leaves to run time: {@code N} where an input has it, else dimension 0's. */
    public static String batchSymbol(TypedModel model) {
        return Lowering.batchSymbol(model);
    }

    /** Lowers with the pass catalogue. */
    public static LoweredProgram lower(Compilation c) {
        return lower(c, true, PassObserver.NONE);
    }

    /** {@code optimized} false gives the graphs as lowered and differentiated, before any pass ({@code --emit=ir}). */
    public static LoweredProgram lower(Compilation c, boolean optimized, PassObserver observer) {
        Lowering lowering = new Lowering(c.source(), optimized, observer);
        List<LoweredProgram.Model> models = new ArrayList<>();
        for (TypedModel m : c.typed().models()) {
            SizeSymbols.requireBatchFirstWhenSeveral(m, Lowering.batchSymbol(m));
            lowering.bindSizes(m, SizeSymbols.bind(m, Lowering.batchSymbol(m), c.typed().trains()));
            models.add(new LoweredProgram.Model(m, LoweredGraph.planned(lowering.predict(m)),
                    LoweredGraph.planned(lowering.forwardBackward(m))));
        }
        List<LoweredProgram.Train> trains = new ArrayList<>();
        for (TypedTrain t : c.typed().trains()) {
            TypedModel m = c.typed().model(t.model()).orElseThrow();
            lowering.bindSizes(m, SizeSymbols.bind(m, Lowering.batchSymbol(m), c.typed().trains()));
            SizeSymbols.requireWholeSequences(m, Lowering.batchSymbol(m), t);
            trains.add(new LoweredProgram.Train(m, t.settings(), LoweredGraph.planned(lowering.trainStep(m, t.settings())),
                    LoweredGraph.planned(lowering.eval(m, t.settings()))));
        }
        return new LoweredProgram(c, models, trains);
    }
}
