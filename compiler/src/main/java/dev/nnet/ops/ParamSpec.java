package dev.nnet.ops;

import dev.nnet.types.Value;
import java.util.List;

/**
 * One parameter of a built-in: its name (PyTorch's), what it accepts, whether it must be given, and its default
 * (non-null exactly when {@code presence} is {@link Presence#DEFAULTED}).
 */
public record ParamSpec(String name, ArgKind kind, Presence presence, Value defaultValue, List<String> words,
                        String doc, List<String> aliases) {
    /** What happens when an argument is not written. */
    public enum Presence {
        /** An error (E0105). */
        REQUIRED,
        /** Its default applies. */
        DEFAULTED,
        /** Filled from the input shape at the layer's first use, e.g. {@code in_features}. */
        INFERRED,
        /** Left absent; the op has a rule for that, e.g. pooling's stride defaults to the kernel size. */
        OPTIONAL
    }

    public ParamSpec {
        words = List.copyOf(words);
        aliases = List.copyOf(aliases);
    }

    /** Also accept these keyword spellings, e.g. {@code kernel} for {@code kernel_size}. */
    public ParamSpec alias(String... names) {
        return new ParamSpec(name, kind, presence, defaultValue, words, doc, List.of(names));
    }

    public boolean answersTo(String keyword) {
        return name.equals(keyword) || aliases.contains(keyword);
    }

    public static ParamSpec required(String name, ArgKind kind, String doc) {
        return new ParamSpec(name, kind, Presence.REQUIRED, null, List.of(), doc, List.of());
    }

    /** Required, but may be left out and inferred from the input at the first use. */
    public static ParamSpec inferred(String name, ArgKind kind, String doc) {
        return new ParamSpec(name, kind, Presence.INFERRED, null, List.of(), doc, List.of());
    }

    /** May be left out with no default; the op (or the runtime) decides what absence means. */
    public static ParamSpec absent(String name, ArgKind kind, String doc) {
        return new ParamSpec(name, kind, Presence.OPTIONAL, null, List.of(), doc, List.of());
    }

    public static ParamSpec optional(String name, ArgKind kind, Value defaultValue, String doc) {
        return new ParamSpec(name, kind, Presence.DEFAULTED, defaultValue, List.of(), doc, List.of());
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
        return new ParamSpec(name, ArgKind.WORD, defaultWord == null ? Presence.REQUIRED : Presence.DEFAULTED,
                defaultWord == null ? null : new Value.Word(defaultWord), words, doc, List.of());
    }

    public boolean isRequired() {
        return presence == Presence.REQUIRED;
    }

    public boolean isInferred() {
        return presence == Presence.INFERRED;
    }

    /** Variadic kinds soak up all remaining positional arguments. */
    public boolean isVariadic() {
        return kind == ArgKind.DIMS || kind == ArgKind.CONFIGS;
    }
}
