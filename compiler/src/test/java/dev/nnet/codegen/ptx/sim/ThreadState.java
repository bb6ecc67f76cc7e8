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

    ThreadState(LaunchState launch, int registers, int tidX, int tidY, int tidZ) {
        this.launch = launch;
        this.regs = new long[registers];
        this.defined = new boolean[registers];
        this.tidX = tidX;
        this.tidY = tidY;
        this.tidZ = tidZ;
        this.linear = tidX + launch.block.x() * (tidY + launch.block.y() * tidZ);
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
