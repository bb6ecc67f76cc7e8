package dev.nnet.ir;

import dev.nnet.ir.op.IrOp;
import dev.nnet.types.TensorType;

/** What a gradient rule may do: add backward nodes, ask which inputs need gradients, and undo broadcasting. */
public interface Gradients {
    /** Adds a backward node that carries {@code self}'s origin, labelled {@code d(label)}. */
    Node add(Node self, IrOp op, Node... inputs);

    /** True when a gradient must flow to {@code input} (it depends on a parameter). */
    boolean needs(Node input);

    /** Sums {@code grad} over the axes that broadcasting expanded, so it has {@code target}'s shape. */
    Node sumTo(Node self, Node grad, TensorType target);
}
