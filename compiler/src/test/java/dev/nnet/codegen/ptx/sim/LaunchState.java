package dev.nnet.codegen.ptx.sim;

/** What every thread of one launch shares; the block fields change as blocks run one after another. */
final class LaunchState {
    /** Generic addresses of shared and local memory ({@code cvta.shared}/{@code cvta.local}) lie in these windows. */
    static final long SHARED_WINDOW = 0x1_0000_0000L;
    static final long LOCAL_WINDOW = 0x2_0000_0000L;

    final Kernel kernel;
    final Dim3 grid;
    final Dim3 block;
    final GlobalMemory global;
    final ByteSpace params;
    final long stepLimit;
    long steps;
    int ctaX;
    int ctaY;
    int ctaZ;
    ByteSpace shared;

    LaunchState(Kernel kernel, Dim3 grid, Dim3 block, GlobalMemory global, ByteSpace params, long stepLimit) {
        this.kernel = kernel;
        this.grid = grid;
        this.block = block;
        this.global = global;
        this.params = params;
        this.stepLimit = stepLimit;
    }
}
