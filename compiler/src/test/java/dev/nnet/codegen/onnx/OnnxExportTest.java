package dev.nnet.codegen.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.palantir.javapoet.JavaFile;
import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.codegen.java.JavaBackend;
import dev.nnet.diag.SourceFile;
import dev.nnet.ir.op.BackwardOp;
import dev.nnet.ir.op.Dropout;
import dev.nnet.ir.op.IrOp;
import dev.nnet.ir.op.Loss;
import dev.nnet.ir.op.ParameterEffect;
import dev.nnet.lower.LoweredProgram;
import dev.nnet.lower.Pipeline;
import dev.nnet.run.JavacRunner;
import dev.nnet.runtime.Batch;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.Tensor;
import dev.nnet.runtime.TrainSpec;
import dev.nnet.runtime.data.Dataset;
import dev.nnet.runtime.data.Datasets;
import dev.nnet.runtime.data.Loader;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every feed-forward sample exports to ONNX, runs in ONNX Runtime, and gives the outputs of nnet's own generated
 * {@code predict} on (up to) 100 samples of its training data, from the same initialized weights.
 */
class OnnxExportTest {
    private static final Path ROOT = Path.of(System.getProperty("nnet.repoRoot", ".."));
    private static final int SAMPLES = 100;
    /** float32 rounding of different summation orders, on outputs of order 1-10. */
    private static final double TOLERANCE = 1e-5;

    @TempDir
    static Path work;

    @TestFactory
    List<DynamicTest> everyFeedForwardSampleRunsInOnnxRuntimeAndAgreesWithNnet() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (String family : List.of("basics", "mnist")) {
            try (Stream<Path> files = Files.list(ROOT.resolve("samples").resolve(family))) {
                for (Path p : files.filter(f -> f.toString().endsWith(".nnet")).sorted().toList()) {
                    tests.add(DynamicTest.dynamicTest(p.getFileName().toString(), () -> agree(p)));
                }
            }
        }
        return tests;
    }

    private static void agree(Path sample) throws Exception {
        Compilation c = Driver.compile(new SourceFile(sample.toString(), Files.readString(sample)));
        LoweredProgram lowered = Pipeline.lower(c);
        String pkg = "onnx." + sample.getFileName().toString().replace(".nnet", "").replace('-', '_');
        List<JavaFile> files = JavaBackend.generate(lowered, pkg);
        ClassLoader loader = JavacRunner.compile(files, Files.createDirectories(work.resolve(pkg)));
        Class<?> trainerClass = loader.loadClass(pkg + "." + files.get(files.size() - 1).typeSpec().name());
        TrainSpec spec = (TrainSpec) trainerClass.getField("SPEC").get(null);
        LoweredProgram.Model m = lowered.models().get(0);
        var input = m.predict().graph().nodes().get(0);
        float[] xs;
        int n;
        if (spec.data().get(spec.trainData()) instanceof dev.nnet.runtime.data.DataSpec.Mnist mnist && mnist.fashion()) {
            // Fashion-MNIST is not shipped: the architecture is checked on fixed random images instead.
            n = SAMPLES;
            xs = new float[(int) (n * input.type().numel().substitute(Map.of("N", dev.nnet.types.Dim.of(1)))
                    .constantTerm())];
            Rng rng = new Rng(3);
            for (int i = 0; i < xs.length; i++) {
                xs[i] = rng.nextFloat();
            }
        } else {
            Dataset data = Datasets.open(spec.data().get(spec.trainData()), sample.toAbsolutePath().getParent(),
                    null);
            n = Math.min(SAMPLES, data.size());
            Loader batches = new Loader(data, n, false, true);
            batches.startEpoch(null);
            Batch batch = batches.newBatch();
            batches.next(batch);
            xs = batch.x;
        }
        CompiledTrainer trainer = (CompiledTrainer) trainerClass.getConstructor(int.class).newInstance(n);
        trainer.initialize(new Rng(7));
        Map<String, float[]> weights = new HashMap<>();
        for (Tensor t : trainer.parameters()) {
            weights.put(t.name(), t.data());
        }
        Object model = trainerClass.getField("model").get(trainer);
        float[] expected = ((float[]) model.getClass().getMethod("predict", int.class, float[].class)
                .invoke(model, n, xs)).clone();

        byte[] onnx = OnnxBackend.export(m, weights, sample.getFileName().toString());
        int batchSize = n;
        long[] shape = input.type().dims().stream().mapToLong(d -> d.isConstant() ? d.constantTerm() : batchSize).toArray();
        long perSample = 1;
        for (int i = 1; i < shape.length; i++) {
            perSample *= shape[i];
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(xs, 0, (int) (n * perSample)), shape);
             OrtSession.Result result = session.run(Map.of(((dev.nnet.ir.op.Input) input.op()).binding(), x))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            assertEquals(expected.length >= out.remaining() ? out.remaining() : -1, out.remaining(),
                    "ONNX output size");
            double worst = 0;
            for (int i = 0; i < out.remaining(); i++) {
                double a = out.get(i);
                double b = expected[i];
                worst = Math.max(worst, Math.abs(a - b) / (1 + Math.abs(b)));
            }
            System.out.printf("%s: %d samples, worst |onnx - nnet| / (1 + |nnet|) = %.2e%n", sample.getFileName(), n,
                    worst);
            assertTrue(worst <= TOLERANCE, sample + ": worst |onnx - nnet| / (1 + |nnet|) = " + worst);
        }
    }

    /** Slices with constant and from-the-end bounds export as ONNX Slice nodes and agree too. */
    @Test
    void slicesAgree() throws Exception {
        Path program = Files.writeString(work.resolve("slices.nnet"), """
                model Pick {
                  input x: [N, 4, 3]
                  fc1 = linear(3, 3)
                  fc2 = linear(3, 2)
                  forward(x) {
                    h = fc1(x)
                    return fc2(h[:, -1, :]) + fc2(h[:, 1:3, :])[:, 1, :]
                  }
                }
                train Pick {
                  data train = tensors(x=[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0], [1.0, 0.0, 1.0]],
                                          [[0.5, 1.0, -1.0], [2.0, 0.0, 1.0], [-3.0, 1.0, 2.0], [0.0, 4.0, 1.0]]],
                                       target=[[1.0, 2.0], [0.0, 1.0]])
                  loss mse
                  optimizer sgd(lr=0.1)
                  epochs 1
                }
                """);
        agree(program);
    }

    /** transpose(1, 2) of the input and t() of a matrix export as ONNX Transpose nodes and agree too. */
    @Test
    void transposesAgree() throws Exception {
        Path program = Files.writeString(work.resolve("transposes.nnet"), """
                model Swap {
                  input x: [N, 4, 3]
                  fc1 = linear(4, 3)
                  fc2 = linear(3, 2)
                  forward(x) {
                    h = fc1(x.transpose(1, 2))
                    return fc2(h.transpose(2, 1))[:, 1, :] + fc2(h[:, 0, :].t().t())
                  }
                }
                train Swap {
                  data train = tensors(x=[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0], [1.0, 0.0, 1.0]],
                                          [[0.5, 1.0, -1.0], [2.0, 0.0, 1.0], [-3.0, 1.0, 2.0], [0.0, 4.0, 1.0]]],
                                       target=[[1.0, 2.0], [0.0, 1.0]])
                  loss mse
                  optimizer sgd(lr=0.1)
                  epochs 1
                }
                """);
        agree(program);
    }

    @Test
    void everyOpOfAnInferenceGraphHasAnOnnxForm() {
        Set<Class<?>> forward = new HashSet<>();
        Deque<Class<?>> work = new ArrayDeque<>(List.of(IrOp.class));
        while (!work.isEmpty()) {
            Class<?> c = work.pop();
            if (c.isRecord()) {
                forward.add(c);
            } else if (c != BackwardOp.class && c != ParameterEffect.class) {
                work.addAll(List.of(c.getPermittedSubclasses()));
            }
        }
        forward.remove(Loss.class);    // a train block's, never a model's
        forward.remove(Dropout.class); // inference graphs drop it
        assertEquals(forward, new HashSet<>(OnnxRenderers.covered()));
    }
}
