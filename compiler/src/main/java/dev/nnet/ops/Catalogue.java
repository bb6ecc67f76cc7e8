package dev.nnet.ops;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every built-in tensor op, by the name users write. The one list to extend when adding an op. */
public final class Catalogue {
    private static final Map<String, Op> OPS = new TreeMap<>();

    static {
        for (Op op : List.<Op>of(
                new Linear(),
                new Conv2d())) {
            OPS.put(op.name(), op);
        }
    }

    private Catalogue() {
    }

    public static Optional<Op> lookup(String name) {
        return Optional.ofNullable(OPS.get(name));
    }

    public static Collection<Op> all() {
        return OPS.values();
    }
}
