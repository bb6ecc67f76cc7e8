package dev.nnet.codegen.ptx.sim;

import java.util.List;

/**
 * A kernel decoded once: its parameters' layout, its code, the initial register file of a thread (declared registers
 * unwritten, then constants and special-register slots), and the memory its blocks and threads need.
 */
record Kernel(String name, List<Param> params, Instr[] code, String[] registerNames, long[] initialRegisters,
              boolean[] initiallyDefined, int[] specialSlots, SpecialRegisters.Kind[] specialKinds, long sharedBytes,
              long dynamicSharedOffset, long localBytes, int paramBytes) {
    /** A parameter and its byte offset in the parameter space. */
    record Param(String name, PtxType type, int offset) {
    }
}
