package dev.nnet.resolve;

import dev.nnet.ast.Item;
import dev.nnet.ast.Member;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model or block with its members sorted out: inputs, declared layers, and its one body (sequential or
 * forward). {@code symbols} are the dimension names its input declarations introduce ({@code N}, {@code T}).
 */
public record Component(Item item, List<Item.Param> params, Map<String, Member.Input> inputs,
                        Map<String, Member.Layer> layers, Member.Sequential sequential, Member.Forward forward,
                        Set<String> symbols) {
    public Component {
        params = List.copyOf(params);
        inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        layers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(layers));
        symbols = Set.copyOf(symbols);
    }

    public String name() {
        return item.name().name();
    }

    public boolean isBlock() {
        return item instanceof Item.Block;
    }
}
