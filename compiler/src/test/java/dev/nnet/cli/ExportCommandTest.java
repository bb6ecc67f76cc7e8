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
