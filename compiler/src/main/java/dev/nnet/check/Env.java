package dev.nnet.check;

import dev.nnet.resolve.Component;
import dev.nnet.resolve.Scope;
import dev.nnet.types.Value;
import java.util.HashMap;
import java.util.Map;

/**
 * Compile-time names visible inside one instantiation of a component: program constants, the block's
 * arguments, and the dimension symbols its inputs introduce.
 */
final class Env {
    final Scope scope;
    final Component component;
    private final Map<String, Value> values;

    Env(Scope scope, Component component, Map<String, Value> values) {
        this.scope = scope;
        this.component = component;
        this.values = new HashMap<>(values);
    }

    Value lookup(String name) {
        return values.get(name);
    }

    boolean isSymbol(String name) {
        return component != null && component.symbols().contains(name) && !values.containsKey(name);
    }

    void bind(String name, Value v) {
        values.put(name, v);
    }
}
