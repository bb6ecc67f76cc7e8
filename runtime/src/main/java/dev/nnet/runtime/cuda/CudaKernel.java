package dev.nnet.runtime.cuda;

import jcuda.driver.CUfunction;

/** One kernel of a loaded module. */
public final class CudaKernel {
    private final CudaDevice device;
    private final CUfunction function;
    private final String name;

    CudaKernel(CudaDevice device, CUfunction function, String name) {
        this.device = device;
        this.function = function;
        this.name = name;
    }

    /**
     * A launch with its arguments bound once, in the kernel's parameter order: a {@link DeviceBuffer} passes its
     * device address, an {@link Integer} a {@code .s32}/{@code .u32}, a {@link Float} an {@code .f32}. Scalars can be
     * changed between runs ({@link Launch#setInt}, {@link Launch#setFloat}); the launch is reused every step
     * without allocating.
     */
    public Launch prepare(Object... args) {
        return new Launch(device, function, name, args);
    }

    public String name() {
        return name;
    }
}
