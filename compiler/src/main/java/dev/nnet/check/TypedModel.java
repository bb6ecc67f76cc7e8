package dev.nnet.check;

import dev.nnet.resolve.Component;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.List;
import java.util.Map;

/** A checked model: its input types, output, layers, the summary rows of one forward pass, and every fact. */
public record TypedModel(Component component, Instance instance, Map<String, TensorType> inputs, Value output,
                         List<SummaryRow> rows, List<Fact> facts, Trace trace) {
    public String name() {
        return component.name();
    }
}
