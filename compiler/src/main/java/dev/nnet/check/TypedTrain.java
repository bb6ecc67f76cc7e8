package dev.nnet.check;

import dev.nnet.ast.Item;
import java.util.List;

/** A checked train block; {@code lines} describe each setting with its inferred types, for {@code --emit=typed}. */
public record TypedTrain(Item.Train item, String model, List<String> lines, TrainSettings settings) {
    public TypedTrain {
        lines = List.copyOf(lines);
    }
}
