package dev.nnet.lower;

import dev.nnet.ir.Graph;
import dev.nnet.passes.MemoryPlan;

/** One function of the lowered program after the pass catalogue, with the buffers its values are planned into. */
public record LoweredGraph(Graph graph, MemoryPlan plan) {
    static LoweredGraph planned(Graph graph) {
        return new LoweredGraph(graph, MemoryPlan.plan(graph, graph.batchSymbol()));
    }
}
