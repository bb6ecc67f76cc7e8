package dev.nnet.lower;

import dev.nnet.Compilation;
import dev.nnet.check.TrainSettings;
import dev.nnet.check.TypedModel;
import java.util.List;

/**
 * What the middle end hands every backend and dump: for each model its inference and its training-mode forward and
 * backward passes, for each train block its training step and evaluation, each lowered once, optimized and planned.
 */
public record LoweredProgram(Compilation source, List<Model> models, List<Train> trains) {
    /** The input of {@link Model#forwardBackward} that carries the gradient of a loss with respect to the output. */
    public static final String OUTPUT_GRADIENT = Lowering.OUTPUT_GRADIENT;

    public LoweredProgram {
        models = List.copyOf(models);
        trains = List.copyOf(trains);
    }

    public record Model(TypedModel model, LoweredGraph predict, LoweredGraph forwardBackward) {
    }

    public record Train(TypedModel model, TrainSettings settings, LoweredGraph trainStep, LoweredGraph eval) {
    }

    /** The lowered model called {@code name}. */
    public Model model(String name) {
        return models.stream().filter(m -> m.model().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no model " + name));
    }
}
