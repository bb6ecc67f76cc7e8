package dev.nnet.cli;

import static dev.nnet.cli.NnetcTest.nnetc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.nnet.runtime.Tensor;
import dev.nnet.runtime.io.Safetensors;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnetc export --onnx}: a trained linear regression, served by ONNX Runtime; and its mistakes. */
class ExportCommandTest {
    private static final Path SAMPLE = Path.of(System.getProperty("nnet.repoRoot", ".."))
            .resolve("samples/basics/linear-regression.nnet");

    @TempDir
    Path dir;

    @Test
    void exportsWeightsThatOnnxRuntimeServes() throws Exception {
        Path weights = dir.resolve("lr.safetensors");
        Safetensors.write(weights, List.of(new Tensor("linear.weight", new int[] {1, 1}, new float[] {2f}),
                new Tensor("linear.bias", new int[] {1}, new float[] {0.5f})), Map.of());
        Path onnx = dir.resolve("out/lr.onnx");
        NnetcTest.Run r = nnetc("export", "--onnx", onnx.toString(), SAMPLE.toString(), "--weights",
                weights.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("wrote " + onnx + " (model `LinearModel`, 2 tensors from "), r.out());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(Files.readAllBytes(onnx), new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {4f, -1f}), new long[] {2, 1});
             OrtSession.Result y = s.run(Map.of("x", x))) {
            FloatBuffer out = ((OnnxTensor) y.get(0)).getFloatBuffer();
            assertEquals(8.5f, out.get(0));
            assertEquals(-1.5f, out.get(1));
            assertEquals("output", s.getOutputNames().iterator().next());
        }
    }

    /** Recurrent layers have no ONNX entry yet: export says so by name instead of writing a partial graph. */
    @Test
    void recurrentLayersAreNotExportableYet() throws Exception {
        Path rnn = SAMPLE.resolveSibling("../recurrent/hello-rnn.nnet").normalize();
        Path weights = dir.resolve("rnn.safetensors");
        List<Tensor> tensors = new java.util.ArrayList<>();
        for (String name : List.of("weight_ih_l0", "weight_hh_l0")) {
            tensors.add(new Tensor("rnn." + name, new int[] {4, 4}, new float[16]));
        }
        for (String name : List.of("bias_ih_l0", "bias_hh_l0")) {
            tensors.add(new Tensor("rnn." + name, new int[] {4}, new float[4]));
        }
        Safetensors.write(weights, tensors, Map.of());
        Path onnx = dir.resolve("rnn.onnx");
        NnetcTest.Run r = nnetc("export", "--onnx", onnx.toString(), rnn.toString(), "--weights", weights.toString());
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("cannot export `Model` to ONNX: `"), r.err());
        assertTrue(r.err().contains("cannot be exported to ONNX yet (it would be"), r.err());
        assertFalse(Files.exists(onnx), "nothing is written");
    }

    @Test
    void missingOrMismatchedWeightsAreClearErrors() throws Exception {
        Path onnx = dir.resolve("lr.onnx");
        NnetcTest.Run missing = nnetc("export", "--onnx", onnx.toString(), SAMPLE.toString(), "--weights",
                dir.resolve("none.safetensors").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("weights file " + dir.resolve("none.safetensors") + " does not exist"),
                missing.err());
        Path wrong = dir.resolve("wrong.safetensors");
        Safetensors.write(wrong, List.of(new Tensor("linear.weight", new int[] {2, 1}, new float[] {1f, 2f})),
                Map.of());
        NnetcTest.Run mismatched = nnetc("export", "--onnx", onnx.toString(), SAMPLE.toString(), "--weights",
                wrong.toString());
        assertEquals(2, mismatched.status());
        assertTrue(mismatched.err().contains("linear.weight"), mismatched.err());
        assertFalse(Files.exists(onnx), "nothing is written on a failure");
        NnetcTest.Run noTarget = nnetc("export", SAMPLE.toString());
        assertEquals(2, noTarget.status());
        assertTrue(noTarget.err().contains("--onnx"), noTarget.err());
    }
}
