package dev.nnet.codegen.ptx;

import dev.nnet.ir.Node;
import dev.nnet.ir.op.IrOp;

/** Writes the kernels (and their launches) that compute one node of op type {@code T} into its planned buffer. */
@FunctionalInterface
interface PtxRenderer<T extends IrOp> {
    void render(T op, Node self, PtxEmitter e);
}
