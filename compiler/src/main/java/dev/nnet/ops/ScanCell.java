package dev.nnet.ops;

import dev.nnet.ir.Node;
import java.util.List;

/** An op that {@code scan(cell, xs, h0)} can compile: it lowers the whole loop over dimension 0 of xs at once. */
public interface ScanCell {
    /**
     * The IR of {@code hs, h = scan(cell, xs, h0)}; {@code cell} is the context of one recorded step (its arguments,
     * parameters and origin). Returns hs (every step's state, stacked) and h (the last state).
     */
    List<Node> lowerScan(LowerContext cell, Node xs, Node h0);
}
