package dev.nnet.codegen.ptx.sim;

/**
 * One decoded instruction: what the block runner needs to step it without looking at PTX text again. Most
 * instructions are an {@link Exec}; barriers, exits and warp collectives are kinds the runner schedules itself.
 */
/** barrierCount is the slot of bar.sync's thread count, -1 when it has none. */
record Instr(int line, int guard, boolean guardNegated, Kind kind, Exec exec, WarpOp warpOp, int barrierCount) {
    enum Kind { NORMAL, EXIT, BARRIER, WARP }

    /** Runs for one thread; the runner has already moved the program counter past it (branches overwrite it). */
    interface Exec {
        void run(ThreadState thread);
    }

    /** An instruction the lanes named by a member mask execute together (shfl.sync, vote.sync, bar.warp.sync). */
    interface WarpOp {
        long mask(ThreadState thread);

        /** lanes[i] is the thread of lane i when it takes part, else null. */
        void run(ThreadState[] lanes);
    }

    static Instr normal(int line, Exec exec) {
        return new Instr(line, -1, false, Kind.NORMAL, exec, null, -1);
    }

    Instr guarded(int register, boolean negated) {
        return new Instr(line, register, negated, kind, exec, warpOp, barrierCount);
    }
}
