package dev.nnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.cli.NnetCommandTest.Run;
import dev.nnet.runtime.Tensor;
import dev.nnet.runtime.io.Safetensors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eval, predict, --init-from and --resume load weights by one rule, with the same messages. */
class WeightsRuleCommandTest {
    static final String LINEAR = NnetCommandTest.LINEAR;

    @TempDir
    Path dir;

    /** linear.weight as F32, linear.bias as I64: what a careless export produces. */
    private Path integerBias() throws IOException {
        String json = "{\"linear.weight\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]},"
                + "\"linear.bias\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[4,12]}}";
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + 12).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header).putFloat(2f).putLong(1);
        return Files.write(dir.resolve("int-bias.safetensors"), b.array());
    }

    @Test
    void integerDataInAFloatParameterIsTheSameErrorEverywhere() throws IOException {
        String file = integerBias().toString();
        List<Run> runs = List.of(NnetCommandTest.nnet("eval", LINEAR, "--weights", file),
                NnetCommandTest.nnet("predict", LINEAR, "--weights", file, "--input", "4"),
                NnetCommandTest.nnet("train", LINEAR, "--epochs", "1", "--init-from", file),
                NnetCommandTest.nnet("train", LINEAR, "--epochs", "1", "--resume", file));
        for (Run r : runs) {
            assertEquals(Nnetc.ERRORS, r.status(), r.err());
            assertTrue(r.err().startsWith("nnet: error: " + file + ": cannot initialize the model from it:\n"
                    + "  linear.bias: file has dtype I64, but the parameter is float"), r.err());
        }
    }

    @Test
    void nonFiniteWeightsAreRefusedWithTheTensorNamed() {
        Path file = dir.resolve("nan.safetensors");
        Tensor w = new Tensor("linear.weight", 1, 1);
        w.data()[0] = Float.NaN;
        Safetensors.write(file, List.of(w, new Tensor("linear.bias", 1)), Map.of());
        Run r = NnetCommandTest.nnet("eval", LINEAR, "--weights", file.toString());
        assertEquals(Nnetc.ERRORS, r.status(), r.err());
        assertTrue(r.err().contains("linear.weight: 1 of 1 values are not finite"), r.err());
    }

    @Test
    void extraTensorsAreNamedInAWarning() {
        Path file = dir.resolve("extra.safetensors");
        Tensor w = new Tensor("linear.weight", 1, 1);
        w.data()[0] = 2f;
        Safetensors.write(file, List.of(w, new Tensor("linear.bias", 1), new Tensor("head.weight", 3)), Map.of());
        Run r = NnetCommandTest.nnet("predict", LINEAR, "--weights", file.toString(), "--input", "4");
        assertEquals(Nnetc.OK, r.status(), r.err());
        assertEquals("nnet: warning: " + file + ": ignored 1 tensor the model does not have: head.weight\n", r.err());
        Run eval = NnetCommandTest.nnet("eval", LINEAR, "--weights", file.toString());
        assertEquals(Nnetc.OK, eval.status(), eval.err());
        assertTrue(eval.err().contains("ignored 1 tensor the model does not have: head.weight"), eval.err());
    }
}
