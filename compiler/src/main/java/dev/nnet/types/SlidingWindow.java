package dev.nnet.types;

/**
 * One spatial axis of a convolution or pooling window: the output-size rule, written once, for the checker
 * (symbolic sizes), the IR's shape rules and the kernels' arguments (constant sizes).
 */
public record SlidingWindow(long kernel, long stride, long padding, long dilation, boolean ceilMode) {
    /** The extent the window covers: {@code dilation·(kernel − 1) + 1}. */
    public long span() {
        return dilation * (kernel - 1) + 1;
    }

    /**
     * PyTorch's ⌊(size + 2·padding − span) / stride⌋ + 1, or with {@code ceilMode} ⌈…⌉ + 1 less a last window that
     * would start in the right padding. That correction needs a constant size; a symbolic one is left uncorrected.
     */
    public Dim outputSize(Dim size) {
        Dim numerator = size.plus(2 * padding - span());
        Dim out = (ceilMode ? numerator.plus(stride - 1) : numerator).floorDiv(stride).plus(1);
        if (ceilMode && out.isConstant() && size.isConstant()
                && (out.constantTerm() - 1) * stride >= size.constantTerm() + padding) {
            out = out.plus(-1);
        }
        return out;
    }

    /** {@link #outputSize(Dim)} of a constant size. */
    public int outputSize(int size) {
        return Math.toIntExact(outputSize(Dim.of(size)).constantTerm());
    }
}
