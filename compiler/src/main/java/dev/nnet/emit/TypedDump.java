package dev.nnet.emit;

import dev.nnet.Compilation;

/** {@code --emit=typed}: every model's layers and the inferred type of every expression. */
public final class TypedDump {
    private TypedDump() {
    }

    public static String render(Compilation c) {
        return "";
    }
}
