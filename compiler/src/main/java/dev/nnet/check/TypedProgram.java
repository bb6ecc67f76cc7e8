package dev.nnet.check;

import java.util.List;
import java.util.Optional;

/** The checker's result: every model and train block with their inferred types. */
public record TypedProgram(List<TypedModel> models, List<TypedTrain> trains) {
    public TypedProgram {
        models = List.copyOf(models);
        trains = List.copyOf(trains);
    }

    public Optional<TypedModel> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
