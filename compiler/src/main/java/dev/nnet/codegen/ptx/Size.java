package dev.nnet.codegen.ptx;

import dev.nnet.passes.MemoryPlan;
import dev.nnet.types.Dim;

/**
 * A size that may grow with the batch: {@code n·perSample + fixed}. Kernels compute it from their {@code n}
 * parameter, the host class from the batch it uploads; constants are folded into the PTX.
 */
record Size(long perSample, long fixed) {
    static Size of(long constant) {
        return new Size(0, constant);
    }

    static Size of(Dim d, String batchSymbol) {
        long[] s = MemoryPlan.size(d, batchSymbol);
        return new Size(s[0], s[1]);
    }

    boolean constant() {
        return perSample == 0;
    }

    Size times(long k) {
        return new Size(perSample * k, fixed * k);
    }

    /** Java expression of this size for batch variable {@code n}. */
    String java(String n) {
        if (perSample == 0) {
            return Long.toString(fixed);
        }
        String scaled = perSample == 1 ? n : n + " * " + perSample;
        return fixed == 0 ? scaled : scaled + " + " + fixed;
    }

    @Override
    public String toString() {
        return java("n");
    }
}
