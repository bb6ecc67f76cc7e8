package dev.nnet.codegen.ptx.sim;

import java.util.Map;
import java.util.Set;

/** A loaded PTX module: its kernels, decoded, ready to launch any number of times. */
public final class SimModule {
    private static final int MAX_THREADS_PER_BLOCK = 1024;
    private static final long MAX_SHARED_BYTES = 227 * 1024;
    private static final long MAX_LOCAL_BYTES = 512 * 1024;
    private static final long MAX_REGISTERS_PER_BLOCK = 1L << 26;

    private final Map<String, Kernel> kernels;
    private final String[] sourceLines;
    private long stepLimit = 250_000_000L;

    SimModule(Map<String, Kernel> kernels, String[] sourceLines) {
        this.kernels = kernels;
        this.sourceLines = sourceLines;
    }

    /** The names of the module's .entry kernels, in order. */
    public Set<String> entries() {
        return kernels.keySet();
    }

    /** The decoded kernel, or null; for tests in this package. */
    Kernel kernel(String entry) {
        return kernels.get(entry);
    }

    /**
     * Caps the thread-instructions one launch may run (default 250 million, some 10 s), so an endless loop becomes
     * an error; an MNIST-sized GEMM at batch 8 needs about 100 million.
     */
    public SimModule withStepLimit(long limit) {
        this.stepLimit = limit;
        return this;
    }

    /**
     * Runs a kernel over a grid of blocks. Arguments follow the entry's parameters: a {@link SimBuffer} (or a Long
     * address) for .u64/.s64/.b64, an Integer for 32-bit integers, a Float for .f32, a Double for .f64.
     */
    public LaunchStats launch(String entry, Dim3 grid, Dim3 block, Object... args) {
        return launchWithDynamicShared(entry, grid, block, 0, args);
    }

    /** As {@link #launch}, with bytes of dynamic shared memory for an {@code .extern .shared} array. */
    public LaunchStats launchWithDynamicShared(String entry, Dim3 grid, Dim3 block, int dynamicSharedBytes,
                                               Object... args) {
        Kernel kernel = kernels.get(entry);
        if (kernel == null) {
            throw new SimException("the module has no kernel '" + entry + "'; it has " + kernels.keySet());
        }
        if (block.count() > MAX_THREADS_PER_BLOCK) {
            throw new SimException("kernel " + entry + ": a block of " + block + " has " + block.count()
                    + " threads, more than " + MAX_THREADS_PER_BLOCK);
        }
        long sharedBytes = dynamicSharedBytes > 0 ? kernel.dynamicSharedOffset() + dynamicSharedBytes
                : kernel.sharedBytes();
        if (sharedBytes > MAX_SHARED_BYTES) {
            throw new SimException("kernel " + entry + " needs " + sharedBytes + " bytes of shared memory, more than "
                    + MAX_SHARED_BYTES);
        }
        if (block.count() * kernel.registerNames().length > MAX_REGISTERS_PER_BLOCK) {
            throw new SimException("kernel " + entry + ": " + block.count() + " threads of "
                    + kernel.registerNames().length + " registers each are more than the simulator holds ("
                    + MAX_REGISTERS_PER_BLOCK + ")");
        }
        if (kernel.localBytes() > MAX_LOCAL_BYTES) {
            throw new SimException("kernel " + entry + " needs " + kernel.localBytes() + " bytes of local memory a "
                    + "thread, more than " + MAX_LOCAL_BYTES);
        }
        GlobalMemory global = new GlobalMemory();
        ByteSpace params = new ByteSpace("the parameters", 0, kernel.paramBytes(), false);
        bind(kernel, args, global, params);
        LaunchState launch = new LaunchState(kernel, grid, block, global, params, stepLimit);
        new BlockRunner(launch, sourceLines).run(sharedBytes);
        return new LaunchStats(launch.steps, grid.count());
    }

    private static void bind(Kernel kernel, Object[] args, GlobalMemory global, ByteSpace params) {
        if (args.length != kernel.params().size()) {
            throw new SimException("kernel " + kernel.name() + " takes " + kernel.params().size() + " arguments "
                    + kernel.params().stream().map(p -> p.type() + " " + p.name()).toList() + ", got " + args.length);
        }
        for (int i = 0; i < args.length; i++) {
            Kernel.Param p = kernel.params().get(i);
            Object arg = args[i];
            long bits;
            if (arg instanceof SimBuffer buffer && p.type().bits == 64 && !p.type().isFloat()) {
                global.add(buffer.storage);
                bits = buffer.address();
            } else if (arg instanceof Long value && p.type().bits == 64 && !p.type().isFloat()) {
                bits = value;
            } else if (arg instanceof Integer value && p.type().bits <= 32 && !p.type().isFloat()) {
                bits = p.type().normalize(value);
            } else if (arg instanceof Float value && p.type() == PtxType.F32) {
                bits = Bits.of(value);
            } else if (arg instanceof Double value && p.type() == PtxType.F64) {
                bits = Bits.of(value);
            } else {
                throw new SimException("argument " + (i + 1) + " of kernel " + kernel.name() + ": parameter "
                        + p.name() + " is " + p.type() + ", which takes " + expected(p.type()) + "; got "
                        + (arg == null ? "null" : arg.getClass().getSimpleName() + " " + arg));
            }
            params.store(p.offset(), p.type().bytes(), bits);
        }
    }

    private static String expected(PtxType type) {
        if (type.isFloat()) {
            return type == PtxType.F32 ? "a Float" : "a Double";
        }
        return type.bits == 64 ? "a SimBuffer or a Long" : "an Integer";
    }
}
