package dev.nnet.passes;

import dev.nnet.ir.Graph;

/** A graph-to-graph transformation; the verifier checks its result in tests. */
public interface Pass {
    String name();

    Graph apply(Graph g);
}
