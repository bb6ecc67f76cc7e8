package dev.nnet.codegen.java;

import dev.nnet.ir.Node;
import dev.nnet.ir.op.IrOp;

/** Writes the Java statements that compute one node of op type {@code T} into its planned buffer. */
@FunctionalInterface
interface OpRenderer<T extends IrOp> {
    void render(T op, Node self, JavaEmitter e);
}
