package dev.nnet.run;

import com.palantir.javapoet.JavaFile;
import dev.nnet.Compilation;
import dev.nnet.codegen.java.JavaBackend;
import dev.nnet.lower.Pipeline;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.TrainSpec;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;

/** A checked program compiled to classes and loaded: its first train block's trainer, ready to construct. */
public final class CompiledProgram {
    public static final String PACKAGE = "nnet.generated";

    private final Class<?> trainer;

    private CompiledProgram(Class<?> trainer) {
        this.trainer = trainer;
    }

    public static CompiledProgram load(Compilation c, Path workDir) {
        if (c.typed().trains().isEmpty()) {
            throw new RunException(c.source().path() + " has no `train` block; add one to train this model");
        }
        List<JavaFile> files = JavaBackend.generate(Pipeline.lower(c), PACKAGE);
        ClassLoader loader = ClassCache.load(files, workDir);
        String name = files.stream().map(f -> f.typeSpec().name()).filter(n -> n.endsWith("Trainer")).findFirst()
                .orElseThrow();
        try {
            return new CompiledProgram(loader.loadClass(PACKAGE + "." + name));
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
                try {
                    return (CompiledTrainer) ctor.newInstance(maxBatch);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            };
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
