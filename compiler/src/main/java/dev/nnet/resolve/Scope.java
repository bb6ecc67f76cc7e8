package dev.nnet.resolve;

import dev.nnet.ast.Item;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The program's top-level names, each bound once (duplicates were reported and dropped). */
public record Scope(Map<String, Item.Const> consts, Map<String, Component> blocks, Map<String, Component> models,
                    List<Item.Train> trains) {
    public Scope {
        consts = Collections.unmodifiableMap(new LinkedHashMap<>(consts));
        blocks = Collections.unmodifiableMap(new LinkedHashMap<>(blocks));
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
        trains = List.copyOf(trains);
    }
}
