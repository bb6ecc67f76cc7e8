package dev.nnet.runtime.cuda;

import jcuda.Pointer;
import jcuda.driver.CUfunction;

/**
 * A kernel launch whose parameter block ({@code kernelParams}, one pointer per argument) is built once. Scalars
 * live in one-element arrays the block points at, so {@link #setInt}/{@link #setFloat} change what the next
 * {@link #run} passes without building anything.
 */
public final class Launch {
    private final CudaDevice device;
    private final CUfunction function;
    private final String kernelName;
    private final int[][] ints;
    private final float[][] floats;
    private final Pointer kernelParams;

    Launch(CudaDevice device, CUfunction function, String kernelName, Object[] args) {
        this.device = device;
        this.function = function;
        this.kernelName = kernelName;
        this.ints = new int[args.length][];
        this.floats = new float[args.length][];
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (arg instanceof DeviceBuffer buffer) {
                params[i] = Pointer.to(buffer.pointer());
            } else if (arg instanceof Integer value) {
                ints[i] = new int[] {value};
                params[i] = Pointer.to(ints[i]);
            } else if (arg instanceof Float value) {
                floats[i] = new float[] {value};
                params[i] = Pointer.to(floats[i]);
            } else {
                throw new IllegalArgumentException("argument " + i + " of kernel '" + kernelName + "' is "
                        + (arg == null ? "null" : arg.getClass().getSimpleName())
                        + "; a launch takes DeviceBuffer, Integer or Float arguments");
            }
        }
        this.kernelParams = Pointer.to(params);
    }

    public void setInt(int argIndex, int value) {
        if (argIndex < 0 || argIndex >= ints.length || ints[argIndex] == null) {
            throw new IllegalArgumentException("argument " + argIndex + " of kernel '" + kernelName
                    + "' was not bound as an Integer");
        }
        ints[argIndex][0] = value;
    }

    public void setFloat(int argIndex, float value) {
        if (argIndex < 0 || argIndex >= floats.length || floats[argIndex] == null) {
            throw new IllegalArgumentException("argument " + argIndex + " of kernel '" + kernelName
                    + "' was not bound as a Float");
        }
        floats[argIndex][0] = value;
    }

    /** Queues the kernel on the device's stream; does not wait. */
    public void run(int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ, int sharedBytes) {
        int result = device.calls().launchKernel(function, gridX, gridY, gridZ, blockX, blockY, blockZ, sharedBytes,
                device.stream(), kernelParams);
        if (result != 0) {
            CudaResults.check(result, "launching kernel '" + kernelName + "' (grid " + gridX + "x" + gridY + "x"
                    + gridZ + ", block " + blockX + "x" + blockY + "x" + blockZ + ", " + sharedBytes
                    + " bytes shared)", "report this as an nnet bug with the .nnet file");
        }
    }
}
