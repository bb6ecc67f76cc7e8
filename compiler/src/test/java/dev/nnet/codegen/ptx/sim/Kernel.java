package dev.nnet.codegen.ptx.sim;

import java.util.List;

/** A kernel decoded once: its parameters' layout, its code, and the memory its blocks and threads need. */
record Kernel(String name, List<Param> params, Instr[] code, String[] registerNames, long sharedBytes,
              long dynamicSharedOffset, long localBytes, int paramBytes) {
    /** A parameter and its byte offset in the parameter space. */
    record Param(String name, PtxType type, int offset) {
    }
}
