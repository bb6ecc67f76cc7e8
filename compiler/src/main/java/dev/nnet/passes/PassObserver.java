package dev.nnet.passes;

import dev.nnet.ir.Graph;

/** Sees each graph after each pass runs: {@code nnetc compile --print-after=PASS}. */
@FunctionalInterface
public interface PassObserver {
    PassObserver NONE = (pass, result) -> {
    };

    void after(Pass pass, Graph result);
}
