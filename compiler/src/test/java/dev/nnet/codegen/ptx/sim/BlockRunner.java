package dev.nnet.codegen.ptx.sim;

import dev.nnet.codegen.ptx.sim.Instr.Kind;
import dev.nnet.codegen.ptx.sim.ThreadState.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the blocks of a launch one after another. Inside a block each thread runs until it reaches a barrier, a warp
 * collective or its exit; a barrier opens once every thread of the block waits at that same instruction, a warp
 * collective once every lane of its member mask does. A thread that exits while others wait at a barrier, or waits
 * where others never come, is barrier divergence and is reported, never papered over.
 */
final class BlockRunner {
    private final LaunchState launch;
    private final Instr[] code;
    private final String[] sourceLines;

    BlockRunner(LaunchState launch, String[] sourceLines) {
        this.launch = launch;
        this.code = launch.kernel.code();
        this.sourceLines = sourceLines;
    }

    void run(long sharedBytes) {
        Dim3 grid = launch.grid;
        Dim3 block = launch.block;
        for (int z = 0; z < grid.z(); z++) {
            for (int y = 0; y < grid.y(); y++) {
                for (int x = 0; x < grid.x(); x++) {
                    launch.ctaX = x;
                    launch.ctaY = y;
                    launch.ctaZ = z;
                    launch.shared = new ByteSpace("shared memory", 0, (int) sharedBytes, true);
                    ThreadState[] threads = new ThreadState[(int) block.count()];
                    for (int i = 0; i < threads.length; i++) {
                        threads[i] = new ThreadState(launch, i % block.x(), i / block.x() % block.y(),
                                i / (block.x() * block.y()));
                    }
                    runBlock(threads);
                }
            }
        }
    }

    private void runBlock(ThreadState[] threads) {
        while (true) {
            for (ThreadState t : threads) {
                if (t.status == Status.RUNNING) {
                    runUntilBlocked(t);
                }
            }
            if (releaseWarps(threads) || releaseBarrier(threads)) {
                continue;
            }
            List<String> waiting = new ArrayList<>();
            for (ThreadState t : threads) {
                if (t.status != Status.EXITED) {
                    waiting.add("thread (" + t.tidX + ", " + t.tidY + ", " + t.tidZ + ") at line " + code[t.pc].line());
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            throw new SimException(where() + "block (" + launch.ctaX + ", " + launch.ctaY + ", " + launch.ctaZ
                    + ") deadlocks (barrier divergence): " + waiting.size() + " threads wait and can never be "
                    + "released, e.g. " + String.join(", ", waiting.subList(0, Math.min(4, waiting.size()))));
        }
    }

    private void runUntilBlocked(ThreadState t) {
        int at = t.pc;
        try {
            while (true) {
                at = t.pc;
                if (at >= code.length) {
                    t.status = Status.EXITED;
                    return;
                }
                Instr in = code[at];
                if (++launch.steps > launch.stepLimit) {
                    throw new SimFault("the launch ran past its limit of " + launch.stepLimit
                            + " thread-instructions (an endless loop?); raise it with SimModule.withStepLimit");
                }
                if (in.guard() >= 0 && (t.get(in.guard()) != 0) == in.guardNegated()) {
                    t.pc = at + 1;
                    continue;
                }
                if (in.kind() == Kind.NORMAL) {
                    t.pc = at + 1;
                    in.exec().run(t);
                    continue;
                }
                switch (in.kind()) {
                    case EXIT -> t.status = Status.EXITED;
                    case BARRIER -> t.status = Status.AT_BARRIER;
                    default -> {
                        t.waitMask = in.warpOp().mask(t) & 0xffffffffL;
                        t.status = Status.AT_WARP_SYNC;
                    }
                }
                return;
            }
        } catch (SimFault fault) {
            throw new SimException(where(code[at].line()) + t.position() + ": " + fault.getMessage());
        }
    }

    private boolean releaseWarps(ThreadState[] threads) {
        boolean released = false;
        for (int base = 0; base < threads.length; base += 32) {
            int size = Math.min(32, threads.length - base);
            for (int lane = 0; lane < size; lane++) {
                ThreadState t = threads[base + lane];
                if (t.status == Status.AT_WARP_SYNC && releaseWarp(threads, base, size, t)) {
                    released = true;
                }
            }
        }
        return released;
    }

    private boolean releaseWarp(ThreadState[] threads, int base, int size, ThreadState first) {
        Instr in = code[first.pc];
        long mask = first.waitMask;
        if ((mask >>> first.lane() & 1) == 0) {
            throw fault(first, in, "the member mask 0x" + Long.toHexString(mask) + " leaves out the thread's own lane "
                    + first.lane());
        }
        ThreadState[] lanes = new ThreadState[32];
        for (int lane = 0; lane < 32; lane++) {
            if ((mask >>> lane & 1) == 0) {
                continue;
            }
            if (lane >= size) {
                throw fault(first, in, "the member mask 0x" + Long.toHexString(mask) + " names lane " + lane
                        + ", but this warp has only " + size + " threads");
            }
            ThreadState other = threads[base + lane];
            if (other.status == Status.EXITED) {
                throw fault(first, in, "lane " + lane + " of the member mask exited before this warp-synchronous "
                        + "instruction (warp divergence)");
            }
            if (other.status != Status.AT_WARP_SYNC) {
                return false;
            }
            if (other.pc != first.pc || other.waitMask != mask) {
                throw fault(first, in, "lane " + lane + " waits at a different warp-synchronous instruction (line "
                        + code[other.pc].line() + ") or with another member mask (warp divergence)");
            }
            lanes[lane] = other;
        }
        try {
            in.warpOp().run(lanes);
        } catch (SimFault f) {
            throw fault(f.lane >= 0 && lanes[f.lane] != null ? lanes[f.lane] : first, in, f.getMessage());
        }
        for (ThreadState t : lanes) {
            if (t != null) {
                t.pc++;
                t.status = Status.RUNNING;
            }
        }
        return true;
    }

    private boolean releaseBarrier(ThreadState[] threads) {
        ThreadState first = null;
        ThreadState exited = null;
        for (ThreadState t : threads) {
            switch (t.status) {
                case AT_WARP_SYNC, RUNNING -> {
                    return false;
                }
                case EXITED -> exited = exited == null ? t : exited;
                default -> first = first == null ? t : first;
            }
        }
        if (first == null) {
            return false;
        }
        Instr in = code[first.pc];
        if (exited != null) {
            throw fault(first, in, "waits at the barrier, but thread (" + exited.tidX + ", " + exited.tidY + ", "
                    + exited.tidZ + ") exited without reaching it (barrier divergence)");
        }
        for (ThreadState t : threads) {
            if (t.pc != first.pc) {
                throw fault(first, in, "waits at this barrier while thread (" + t.tidX + ", " + t.tidY + ", " + t.tidZ
                        + ") waits at the barrier on line " + code[t.pc].line() + " (barrier divergence)");
            }
        }
        if (in.barrierCount() >= 0 && first.get(in.barrierCount()) != threads.length) {
            throw fault(first, in, "bar.sync with a thread count (" + first.get(in.barrierCount())
                    + ") other than the block's " + threads.length + " threads is not supported");
        }
        for (ThreadState t : threads) {
            t.pc++;
            t.status = Status.RUNNING;
        }
        return true;
    }

    private SimException fault(ThreadState t, Instr in, String message) {
        return new SimException(where(in.line()) + t.position() + ": " + message);
    }

    private String where() {
        return "kernel " + launch.kernel.name() + ": ";
    }

    private String where(int line) {
        String text = line - 1 < sourceLines.length ? sourceLines[line - 1].strip() : "";
        return "kernel " + launch.kernel.name() + ", PTX line " + line + " `" + text + "`, ";
    }
}
