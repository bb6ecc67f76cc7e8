package dev.nnet.types;

import dev.nnet.diag.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bound arguments of a call, by parameter name, in signature order. Mutable only through {@link #infer}, which
 * fills a parameter the user left to inference ({@code linear(out=512)}) at the layer's first use.
 */
public final class Args {
    private final LinkedHashMap<String, Value> values = new LinkedHashMap<>();
    private final Map<String, Span> spans = new LinkedHashMap<>();
    private final Span callSpan;

    public Args(Span callSpan) {
        this.callSpan = callSpan;
    }

    public void put(String name, Value value, Span span) {
        values.put(name, value);
        if (span != null) {
            spans.put(name, span);
        }
    }

    public boolean has(String name) {
        return values.containsKey(name) && !(values.get(name) instanceof Value.Unknown);
    }

    public Value get(String name) {
        return values.getOrDefault(name, Value.UNKNOWN);
    }

    /** Where the argument was written, or the call's span when it was defaulted or inferred. */
    public Span spanOf(String name) {
        return spans.getOrDefault(name, callSpan);
    }

    public boolean written(String name) {
        return spans.containsKey(name);
    }

    public Span callSpan() {
        return callSpan;
    }

    public void infer(String name, Value value) {
        values.put(name, value);
    }

    public Map<String, Value> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }

    /** A constant integer argument, empty when symbolic, missing or poisoned. */
    public Optional<Long> integer(String name) {
        return get(name) instanceof Value.Int i ? i.value().constant() : Optional.empty();
    }

    public long integer(String name, long fallback) {
        return integer(name).orElse(fallback);
    }

    public Optional<Dim> dim(String name) {
        return get(name) instanceof Value.Int i ? Optional.of(i.value()) : Optional.empty();
    }

    public double real(String name, double fallback) {
        Value v = get(name);
        if (v instanceof Value.Float f) {
            return f.value();
        }
        if (v instanceof Value.Int i && i.value().isConstant()) {
            return i.value().constantTerm();
        }
        return fallback;
    }

    public boolean bool(String name, boolean fallback) {
        return get(name) instanceof Value.Bool b ? b.value() : fallback;
    }

    public String word(String name, String fallback) {
        Value v = get(name);
        if (v instanceof Value.Word w) {
            return w.value();
        }
        if (v instanceof Value.Str s) {
            return s.value();
        }
        return fallback;
    }

    /** An {@code int or (int, int)} argument as a pair, e.g. {@code kernel=5} is {@code [5, 5]}. */
    public Optional<long[]> pair(String name) {
        Value v = get(name);
        if (v instanceof Value.Int i && i.value().isConstant()) {
            long x = i.value().constantTerm();
            return Optional.of(new long[] {x, x});
        }
        if (v instanceof Value.Seq s && s.items().size() == 2
                && s.items().get(0) instanceof Value.Int a && a.value().isConstant()
                && s.items().get(1) instanceof Value.Int b && b.value().isConstant()) {
            return Optional.of(new long[] {a.value().constantTerm(), b.value().constantTerm()});
        }
        return Optional.empty();
    }

    /** A list of integer dimensions, e.g. the shape of {@code view(-1, 320)}. */
    public Optional<List<Dim>> dims(String name) {
        if (!(get(name) instanceof Value.Seq s)) {
            return Optional.empty();
        }
        List<Dim> out = new ArrayList<>();
        for (Value item : s.items()) {
            if (!(item instanceof Value.Int i)) {
                return Optional.empty();
            }
            out.add(i.value());
        }
        return Optional.of(out);
    }

    /** {@code name=value} pairs in signature order, for dumps. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k + "=" + Value.describe(v)));
        return String.join(", ", parts);
    }
}
