package dev.nnet.ops;

import dev.nnet.types.Value;
import java.util.List;

/**
 * One parameter of a built-in: its name (PyTorch's), what it accepts, and its default. A null default with
 * {@code inferable} false means required; {@code inferable} means the first use fills it from the input shape.
 */
public record ParamSpec(String name, ArgKind kind, Value defaultValue, boolean inferable, List<String> words,
                        String doc, List<String> aliases) {
    public ParamSpec {
        words = List.copyOf(words);
        aliases = List.copyOf(aliases);
    }

    public ParamSpec(String name, ArgKind kind, Value defaultValue, boolean inferable, List<String> words,
                     String doc) {
        this(name, kind, defaultValue, inferable, words, doc, List.of());
    }

    /** Also accept these keyword spellings, e.g. {@code kernel} for {@code kernel_size}. */
    public ParamSpec alias(String... names) {
        return new ParamSpec(name, kind, defaultValue, inferable, words, doc, List.of(names));
    }

    public boolean answersTo(String keyword) {
        return name.equals(keyword) || aliases.contains(keyword);
    }

    public static ParamSpec required(String name, ArgKind kind, String doc) {
        return new ParamSpec(name, kind, null, false, List.of(), doc);
    }

    /** Required, but may be left out and inferred from the input at the first use. */
    public static ParamSpec inferred(String name, ArgKind kind, String doc) {
        return new ParamSpec(name, kind, null, true, List.of(), doc);
    }

    public static ParamSpec optional(String name, ArgKind kind, Value defaultValue, String doc) {
        return new ParamSpec(name, kind, defaultValue, false, List.of(), doc);
    }

    public static ParamSpec optional(String name, long defaultValue, String doc) {
        return optional(name, ArgKind.INT, Value.Int.of(defaultValue), doc);
    }

    public static ParamSpec optional(String name, double defaultValue, String doc) {
        return optional(name, ArgKind.FLOAT, new Value.Float(defaultValue), doc);
    }

    public static ParamSpec optional(String name, boolean defaultValue, String doc) {
        return optional(name, ArgKind.BOOL, new Value.Bool(defaultValue), doc);
    }

    public static ParamSpec word(String name, String defaultWord, List<String> words, String doc) {
        return new ParamSpec(name, ArgKind.WORD, defaultWord == null ? null : new Value.Word(defaultWord), false,
                words, doc);
    }

    public boolean isRequired() {
        return defaultValue == null && !inferable;
    }

    /** Variadic kinds soak up all remaining positional arguments. */
    public boolean isVariadic() {
        return kind == ArgKind.DIMS || kind == ArgKind.CONFIGS;
    }
}
