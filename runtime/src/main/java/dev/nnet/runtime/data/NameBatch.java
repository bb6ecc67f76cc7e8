package dev.nnet.runtime.data;

/**
 * One batch of {@link Names}, filled in place: {@code n} names as ASCII codes zero-padded to {@code length} (the
 * batch's longest name), row-major {@code [n, length]}, with each name's length and class. Allocated once for the
 * largest batch and the longest name of the data set, so filling it allocates nothing.
 */
public final class NameBatch {
    public final int[] codes;
    public final int[] lengths;
    public final int[] targets;
    public int n;
    /** Characters per row in this batch: its longest name. */
    public int length;

    public NameBatch(int capacity, int longest) {
        this.codes = new int[capacity * longest];
        this.lengths = new int[capacity];
        this.targets = new int[capacity];
    }

    public int capacity() {
        return lengths.length;
    }
}
