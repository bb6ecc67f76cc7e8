package dev.nnet.types;

import java.util.List;

/**
 * What an expression evaluates to during checking: a tensor type, a compile-time constant, a tuple of values,
 * or {@link Unknown} once an error has been reported (so one mistake does not cascade into many).
 */
public sealed interface Value {
    /**
     * A tensor; {@code producer} is the op that made it (e.g. {@code softmax}), for lint-style warnings, and
     * {@code origin} the application that made it, or null. The origin is history, not type: equality ignores it.
     */
    record Tensor(TensorType type, String producer, Provenance origin) implements Value {
        public Tensor(TensorType type, String producer) {
            this(type, producer, null);
        }

        public Tensor(TensorType type) {
            this(type, "", null);
        }

        public Tensor withOrigin(Provenance p) {
            return new Tensor(type, producer, p);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tensor t && t.type.equals(type) && t.producer.equals(producer);
        }

        @Override
        public int hashCode() {
            return type.hashCode() * 31 + producer.hashCode();
        }

        @Override
        public String toString() {
            return "Tensor[" + type + ", " + producer + "]";
        }
    }

    /** An integer, possibly symbolic ({@code N}). */
    record Int(Dim value) implements Value {
        public static Int of(long v) {
            return new Int(Dim.of(v));
        }
    }

    record Float(double value) implements Value {
    }

    record Bool(boolean value) implements Value {
    }

    record Str(String value) implements Value {
    }

    /** A bare word given to an enumerated parameter: {@code reduction=sum}. */
    record Word(String value) implements Value {
    }

    /** {@code [a, b]} or {@code (a, b)}; also the result of recurrent layers ({@code out, h}). */
    record Seq(List<Value> items, boolean tuple) implements Value {
        public Seq {
            items = List.copyOf(items);
        }
    }

    /** A configured call that is data rather than computation: {@code normalize(0.5, 0.5)}, {@code normal(std=0.01)}. */
    record Config(String name, Args args) implements Value {
    }

    /** A declared layer, passed by name (e.g. the cell given to {@code scan}). */
    record LayerRef(String name) implements Value {
    }

    /** An optional input left out while a later one is given, e.g. {@code hx} in {@code rnn(x, lengths=l)}. */
    record Absent() implements Value {
    }

    Absent ABSENT = new Absent();

    /** Poisoned by an error already reported. */
    record Unknown() implements Value {
    }

    Unknown UNKNOWN = new Unknown();

    /** Text for messages: {@code [N, 10]}, {@code 3}, {@code ([T, N, 4], [1, N, 4])}. */
    static String describe(Value v) {
        if (v instanceof Tensor t) {
            return t.type().toString();
        } else if (v instanceof Int i) {
            return i.value().toString();
        } else if (v instanceof Float f) {
            return Double.toString(f.value());
        } else if (v instanceof Bool b) {
            return Boolean.toString(b.value());
        } else if (v instanceof Str s) {
            return '"' + s.value() + '"';
        } else if (v instanceof Word w) {
            return w.value();
        } else if (v instanceof Seq s) {
            String inner = String.join(", ", s.items().stream().map(Value::describe).toList());
            return s.tuple() ? "(" + inner + ")" : "[" + inner + "]";
        } else if (v instanceof Config c) {
            return c.name() + "(…)";
        } else if (v instanceof LayerRef l) {
            return l.name();
        } else if (v instanceof Absent) {
            return "_";
        }
        return "?";
    }
}
