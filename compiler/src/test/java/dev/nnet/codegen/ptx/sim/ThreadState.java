package dev.nnet.codegen.ptx.sim;

/** One simulated thread: its registers (raw bits, with a written flag each), program counter and position. */
final class ThreadState {
    enum Status { RUNNING, AT_BARRIER, AT_WARP_SYNC, EXITED }

    final LaunchState launch;
    final long[] regs;
    final boolean[] defined;
    final int tidX;
    final int tidY;
    final int tidZ;
    final int linear;
    int pc;
    Status status = Status.RUNNING;
    /** The member mask given by the warp-collective instruction this thread waits at. */
    long waitMask;
    private ByteSpace local;

    ThreadState(LaunchState launch, int tidX, int tidY, int tidZ) {
        Kernel kernel = launch.kernel;
        this.launch = launch;
        this.regs = kernel.initialRegisters().clone();
        this.defined = kernel.initiallyDefined().clone();
        this.tidX = tidX;
        this.tidY = tidY;
        this.tidZ = tidZ;
        this.linear = tidX + launch.block.x() * (tidY + launch.block.y() * tidZ);
        for (int i = 0; i < kernel.specialSlots().length; i++) {
            regs[kernel.specialSlots()[i]] = kernel.specialKinds()[i].value(this);
        }
    }

    int lane() {
        return linear & 31;
    }

    void set(int register, long bits) {
        regs[register] = bits;
        defined[register] = true;
    }

    long get(int register) {
        if (!defined[register]) {
            throw new SimFault("reads register " + launch.kernel.registerNames()[register] + " before any write");
        }
        return regs[register];
    }

    /** A predicate operand as the decoder encodes it: a slot, or {@code ~slot} when negated. */
    long pred(int operand) {
        return operand >= 0 ? get(operand) : get(~operand) ^ 1;
    }

    ByteSpace local() {
        if (local == null) {
            local = new ByteSpace("local memory", 0, (int) launch.kernel.localBytes(), false);
        }
        return local;
    }

    String position() {
        return "block (" + launch.ctaX + ", " + launch.ctaY + ", " + launch.ctaZ + ") thread (" + tidX + ", " + tidY
                + ", " + tidZ + ")";
    }
}
