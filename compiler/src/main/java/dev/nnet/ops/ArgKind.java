package dev.nnet.ops;

/** What a parameter accepts; the binder reports E0106 when an argument is of another kind. */
public enum ArgKind {
    /** A compile-time integer constant. */
    INT("an integer"),
    /** An integer that may be symbolic ({@code N}), for shapes. */
    DIM("an integer dimension"),
    FLOAT("a number"),
    BOOL("`true` or `false`"),
    STRING("a string"),
    /** One of a fixed set of words, written bare or quoted: {@code reduction=sum}. */
    WORD("one of the listed words"),
    /** {@code 5} or {@code (5, 3)}. */
    INT_PAIR("an integer or a pair of integers"),
    /** Any number of integer dimensions, positional ({@code view(-1, 320)}) or as one list. */
    DIMS("integer dimensions"),
    /** A tuple of numbers, e.g. Adam's {@code betas=(0.9, 0.999)}. */
    FLOATS("a tuple of numbers"),
    /** A configured helper call, e.g. a transform {@code normalize(0.5, 0.5)}; any number positionally. */
    CONFIGS("transform calls"),
    /** A tensor value. */
    TENSOR("a tensor"),
    /** A list of tensors, e.g. {@code concat([a, b], dim=1)}. */
    TENSORS("a list of tensors"),
    /** A declared layer, e.g. the cell stepped by {@code scan}. */
    LAYER("a layer name");

    private final String description;

    ArgKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
