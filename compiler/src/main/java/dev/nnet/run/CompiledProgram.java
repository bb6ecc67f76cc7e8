package dev.nnet.run;

import com.palantir.javapoet.JavaFile;
import dev.nnet.Compilation;
import dev.nnet.codegen.java.JavaBackend;
import dev.nnet.codegen.ptx.CudaTrainerGenerator;
import dev.nnet.lower.LoweringException;
import dev.nnet.lower.LoweredProgram;
import dev.nnet.lower.MemoryEstimate;
import dev.nnet.lower.Pipeline;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.TrainSpec;
import dev.nnet.runtime.cuda.CudaDevice;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/** A checked program compiled to classes and loaded: its first train block's trainer, ready to construct. */
public final class CompiledProgram {
    public static final String PACKAGE = "nnet.generated";

    private final Class<?> trainer;
    private final LoweredProgram lowered;
    private final List<JavaFile> files;
    private final Path workDir;

    private CompiledProgram(Class<?> trainer, LoweredProgram lowered, List<JavaFile> files, Path workDir) {
        this.trainer = trainer;
        this.lowered = lowered;
        this.files = files;
        this.workDir = workDir;
    }

    public static CompiledProgram load(Compilation c, Path workDir) {
        if (c.typed().trains().isEmpty()) {
            throw new RunException(c.source().path() + " has no `train` block; add one to train this model");
        }
        LoweredProgram lowered = Pipeline.lower(c);
        List<JavaFile> files = JavaBackend.generate(lowered, PACKAGE);
        ClassLoader loader = ClassCache.load(files, workDir);
        String name = files.stream().map(f -> f.typeSpec().name()).filter(n -> n.endsWith("Trainer")).findFirst()
                .orElseThrow();
        try {
            return new CompiledProgram(loader.loadClass(PACKAGE + "." + name), lowered, files, workDir);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    public TrainSpec spec() {
        try {
            return (TrainSpec) trainer.getField("SPEC").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plain inference method of the model inside {@code trainer}: {@code model.predict(n, x)}. */
    public Predictor predictor(CompiledTrainer trainer) {
        try {
            Object model = trainer.getClass().getField("model").get(trainer);
            java.lang.reflect.Method predict = model.getClass().getMethod("predict", int.class, float[].class);
            return (n, x) -> {
                try {
                    return (float[]) predict.invoke(model, n, x);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            };
        } catch (ReflectiveOperationException e) {
            throw new RunException("the model of " + trainer.spec().source() + " has no single-input predict(n, x) "
                    + "method; only models with one input can be run by `nnet predict`");
        }
    }

    /** Eval-mode inference on the first {@code n} samples of {@code x}; the result buffer is reused per call. */
    @FunctionalInterface
    public interface Predictor {
        float[] predict(int n, float[] x);
    }

    public IntFunction<CompiledTrainer> factory() {
        try {
            Constructor<?> ctor = trainer.getConstructor(int.class);
            return maxBatch -> {
                requireMemory(maxBatch);
                try {
                    return (CompiledTrainer) ctor.newInstance(maxBatch);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    // What the constructor threw, such as a bad -Dnnet.parallel, reaches the user as it is.
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            };
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Trainers of the first train block that run on {@code device}: the generated PTX module and its host class
     * ({@code <Model>CudaTrainer}), compiled and loaded next to the CPU classes, whose trainer keeps the host copies
     * of the parameters. A program with an op the PTX backend lacks fails here with an
     * {@link UnsupportedOperationException} naming the op and its line, which {@code --device auto} reports before
     * training on the CPU.
     *
     * @param useCublas run the linear layers' GEMMs on cuBLAS instead of the generated tiled kernel
     */
    public IntFunction<CompiledTrainer> cudaFactory(CudaDevice device, boolean useCublas) {
        String cpuName = trainer.getSimpleName();
        JavaFile cuda;
        try {
            cuda = CudaTrainerGenerator.generate(lowered, lowered.trains().get(0), PACKAGE, cpuName);
        } catch (LoweringException e) {
            throw new UnsupportedOperationException(e.getMessage() + " (" + spec().source() + ":" + e.span().line()
                    + ")");
        }
        List<JavaFile> all = new java.util.ArrayList<>(files);
        all.add(cuda);
        ClassLoader loader = ClassCache.load(all, workDir);
        Constructor<?> ctor;
        try {
            ctor = loader.loadClass(PACKAGE + "." + CudaTrainerGenerator.className(cpuName))
                    .getConstructor(int.class, CudaDevice.class, boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return maxBatch -> {
            try {
                return (CompiledTrainer) ctor.newInstance(maxBatch, device, useCublas);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /**
     * Refuses, before allocating anything, a batch whose buffers the JVM cannot hold: an array longer than Java
     * allows, or more than the heap's maximum in all (the lowered program's estimate, a lower bound).
     */
    private void requireMemory(int maxBatch) {
        LoweredProgram.Train train = lowered.trains().get(0);
        requireMemory(MemoryEstimate.of(lowered.model(train.model().name()), train, maxBatch), train.model().name(),
                maxBatch, Runtime.getRuntime().maxMemory());
    }

    static void requireMemory(MemoryEstimate e, String model, int maxBatch, long heap) {
        String what = "training `" + model + "` with batch " + maxBatch;
        if (e.longestArray() > MemoryEstimate.MAX_ARRAY) {
            throw new RunException(String.format(Locale.ROOT, "%s needs an array of %,d elements (%s), and Java "
                    + "arrays hold at most %,d; use a smaller `batch`", what, e.longestArray(), e.longestArrayHolds(),
                    MemoryEstimate.MAX_ARRAY));
        }
        if (e.bytes() > heap) {
            long suggested = Math.max(1, (long) Math.ceil(e.bytes() * 1.25 / (1L << 30)));
            throw new RunException(String.format(Locale.ROOT, "%s needs at least %s for its buffers, parameters and "
                    + "optimizer state, more than the %s this JVM may use; use a smaller `batch`, or give the JVM "
                    + "more memory (NNET_JAVA_OPTS=-Xmx%dg for bin/nnet)", what, gigabytes(e.bytes()),
                    gigabytes(heap), suggested));
        }
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
