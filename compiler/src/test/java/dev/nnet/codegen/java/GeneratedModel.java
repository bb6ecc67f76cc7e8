package dev.nnet.codegen.java;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.ShortRenderer;
import dev.nnet.diag.SourceFile;
import dev.nnet.run.CompiledProgram;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.Tensor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A program compiled to Java, compiled by javac and loaded: its trainer and the generated model object that the
 * trainer updates, whose methods are called through exactly typed method handles (no boxing, so a call can be
 * checked for allocation).
 */
final class GeneratedModel {
    /** javac takes a second a program, so each source is compiled once per work folder. */
    private static final Map<String, CompiledProgram> PROGRAMS = new HashMap<>();

    final CompiledTrainer trainer;
    final Object model;
    private final MethodHandle forward;
    private final MethodHandle backward;
    private final MethodHandle predict;
    private final MethodHandle zeroGrad;
    private final MethodHandle parameters;
    private final MethodHandle gradients;

    private GeneratedModel(CompiledTrainer trainer) throws ReflectiveOperationException {
        this.trainer = trainer;
        this.model = trainer.getClass().getField("model").get(trainer);
        Class<?> type = model.getClass();
        this.forward = handle(type, "forward", MethodType.methodType(float[].class, int.class, float[].class,
                Rng.class));
        this.backward = handle(type, "backward", MethodType.methodType(void.class, int.class, float[].class));
        this.predict = handle(type, "predict", MethodType.methodType(float[].class, int.class, float[].class));
        this.zeroGrad = handle(type, "zeroGrad", MethodType.methodType(void.class));
        this.parameters = handle(type, "parameters", MethodType.methodType(List.class));
        this.gradients = handle(type, "gradients", MethodType.methodType(List.class));
    }

    private static MethodHandle handle(Class<?> type, String name, MethodType method)
            throws ReflectiveOperationException {
        return MethodHandles.publicLookup().findVirtual(type, name, method)
                .asType(method.insertParameterTypes(0, Object.class));
    }

    /**
     * Compiles {@code text} (named {@code path} in messages) into a folder of {@code work}, once per text, and
     * builds a fresh trainer and model for batches of up to {@code maxBatch}.
     */
    static GeneratedModel load(String path, String text, Path work, int maxBatch) {
        CompiledProgram program = PROGRAMS.computeIfAbsent(work + "\n" + text, key -> {
            Compilation c = Driver.compile(new SourceFile(path, text));
            assertFalse(c.hasErrors(), () -> ShortRenderer.renderAll(c.diagnostics(), path));
            return CompiledProgram.load(c, work.resolve("program" + PROGRAMS.size()));
        });
        try {
            return new GeneratedModel(program.factory().apply(maxBatch));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the generated model class lacks the expected API", e);
        }
    }

    float[] forward(int n, float[] x, Rng rng) {
        try {
            return (float[]) forward.invokeExact(model, n, x, rng);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    void backward(int n, float[] dOutput) {
        try {
            backward.invokeExact(model, n, dOutput);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    float[] predict(int n, float[] x) {
        try {
            return (float[]) predict.invokeExact(model, n, x);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    void zeroGrad() {
        try {
            zeroGrad.invokeExact(model);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    List<Tensor> parameters() {
        try {
            return (List<Tensor>) parameters.invokeExact(model);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    List<Tensor> gradients() {
        try {
            return (List<Tensor>) gradients.invokeExact(model);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    /** Each tensor's values, copied. */
    static float[][] copy(List<Tensor> tensors) {
        float[][] out = new float[tensors.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = tensors.get(i).data().clone();
        }
        return out;
    }
}
