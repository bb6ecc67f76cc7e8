package dev.nnet.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    /**
     * Every byte written out by hand. Python's {@code safetensors.torch.save_file({"a": tensor([1., -2.]),
     * "b": tensor(0.5)}, path, metadata={"k": "v"})} (safetensors 0.8.0) writes these same 156 bytes.
     */
    @Test
    void tinyFileIsByteExact() throws IOException {
        Path file = dir.resolve("tiny.safetensors");
        Safetensors.write(file, List.of(new Tensor("a", new int[] {2}, new float[] {1f, -2f}),
                new Tensor("b", new int[] {}, new float[] {0.5f})), Map.of("k", "v"));
        String json = "{\"__metadata__\":{\"k\":\"v\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,12]}}";
        assertEquals(132, json.length());
        byte[] expected = Crafted.concat(
                new byte[] {(byte) 136, 0, 0, 0, 0, 0, 0, 0}, // 132 bytes of JSON + 4 spaces = 136
                json.getBytes(StandardCharsets.US_ASCII),
                new byte[] {' ', ' ', ' ', ' '},
                new byte[] {0, 0, (byte) 0x80, 0x3f}, // 1.0f = 0x3f800000, little-endian
                new byte[] {0, 0, 0, (byte) 0xc0}, // -2.0f = 0xc0000000
                new byte[] {0, 0, 0, 0x3f}); // 0.5f = 0x3f000000
        assertArrayEquals(expected, Files.readAllBytes(file));
    }

    @Test
    void roundTripKeepsOrderShapesBitsAndMetadata() {
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
                Float.MAX_VALUE, 1e-40f, (float) Math.PI};
        float[] big = new float[100_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (float) Math.sin(i) * i;
        }
        List<Tensor> tensors = List.of(new Tensor("z.last", new int[] {3, 3}, special),
                new Tensor("conv1.weight", new int[] {10, 10, 1000}, big),
                new Tensor("empty", new int[] {0, 4}, new float[0]),
                new Tensor("a \"quoted\"\\name\n", new int[] {1}, new float[] {7}));
        Map<String, String> metadata = Map.of("epoch", "3", "note", "héllo \u0001 \"x\"");
        Path file = dir.resolve("round.safetensors");
        Safetensors.write(file, tensors, metadata);
        SafetensorsFile read = Safetensors.read(file);
        assertEquals(List.of("z.last", "conv1.weight", "empty", "a \"quoted\"\\name\n"), read.names());
        assertEquals(metadata, read.metadata());
        for (Tensor t : tensors) {
            assertArrayEquals(t.shape(), read.shape(t.name()));
            assertEquals(Dtype.F32, read.dtype(t.name()));
            float[] values = read.floats(t.name());
            assertEquals(t.size(), values.length);
            for (int i = 0; i < values.length; i++) {
                assertEquals(Float.floatToRawIntBits(t.data()[i]), Float.floatToRawIntBits(values[i]));
            }
        }
        assertEquals("conv1.weight", read.tensor("conv1.weight").name());
    }

    @Test
    void outputIsDeterministicWhateverTheMetadataMapOrder() throws IOException {
        List<Tensor> tensors = List.of(new Tensor("w", new int[] {2}, new float[] {1, 2}));
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("a", "1");
        forward.put("b", "2");
        Map<String, String> backward = new TreeMap<>(java.util.Comparator.reverseOrder());
        backward.putAll(forward);
        Path one = dir.resolve("one.safetensors");
        Path two = dir.resolve("two.safetensors");
        Safetensors.write(one, tensors, forward);
        Safetensors.write(two, tensors, backward);
        assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(two));
        Safetensors.write(two, tensors, Map.of());
        String header = new String(Files.readAllBytes(two), 8, 64, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}"), header);
        assertFalse(header.contains("__metadata__"));
    }

    @Test
    void readsF16Bf16F64I64AndI32() throws IOException {
        String json = "{\"h\":{\"dtype\":\"F16\",\"shape\":[6],\"data_offsets\":[0,12]},"
                + "\"bf\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[12,16]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,24]},"
                + "\"l\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[24,40]},"
                + "\"i\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[40,48]}}";
        ByteBuffer data = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        // F16: 1.0, -2.0, 65504 (largest), 2^-24 (smallest subnormal), +inf, NaN
        for (int h : new int[] {0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0x7e00}) {
            data.putShort((short) h);
        }
        data.putShort((short) 0x3f80).putShort((short) 0xc020); // BF16: 1.0, -2.5
        data.putDouble(0.1);
        data.putLong(-3).putLong(1L << 40);
        data.putInt(7).putInt(-1);
        Path file = Files.write(dir.resolve("types.safetensors"), Crafted.file(json, data.array()));
        SafetensorsFile f = Safetensors.read(file);
        float[] h = f.floats("h");
        assertEquals(1f, h[0]);
        assertEquals(-2f, h[1]);
        assertEquals(65504f, h[2]);
        assertEquals(0x1p-24f, h[3]);
        assertEquals(Float.POSITIVE_INFINITY, h[4]);
        assertTrue(Float.isNaN(h[5]));
        assertArrayEquals(new float[] {1f, -2.5f}, f.floats("bf"));
        assertArrayEquals(new float[] {0.1f}, f.floats("d"));
        assertArrayEquals(new long[] {-3, 1L << 40}, f.longs("l"));
        assertArrayEquals(new long[] {7, -1}, f.longs("i"));
        assertEquals(List.of("h", "bf", "d", "l", "i"), f.names());
        CheckpointException e = assertThrows(CheckpointException.class, () -> f.floats("l"));
        assertEquals(file + ": tensor \"l\" is I64, not a floating-point type (F32, F64, F16, BF16); read it with "
                + "longs()", e.getMessage());
        e = assertThrows(CheckpointException.class, () -> f.info("missing"));
        assertEquals(file + ": no tensor named \"missing\"; the file has [h, bf, d, l, i]", e.getMessage());
    }

    @Test
    void halfToFloatMatchesTheFormulaForEveryHalf() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int exponent = (bits >>> 10) & 0x1f;
            int mantissa = bits & 0x3ff;
            double sign = (bits & 0x8000) != 0 ? -1 : 1;
            float value = SafetensorsFile.halfToFloat((short) bits);
            if (exponent == 0x1f) {
                assertTrue(mantissa == 0 ? Float.isInfinite(value) && Math.signum(value) == sign : Float.isNaN(value));
            } else {
                double expected = exponent == 0 ? sign * mantissa * Math.pow(2, -24)
                        : sign * (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
                assertEquals(expected, value, 0.0, "half 0x" + Integer.toHexString(bits));
                assertEquals(Float.floatToRawIntBits(value) < 0, (bits & 0x8000) != 0, "sign of zero");
            }
        }
    }

    @Test
    void duplicateNamesAreRefusedOnWrite() {
        List<Tensor> twice = List.of(new Tensor("w", 1), new Tensor("w", 1));
        assertThrows(IllegalArgumentException.class,
                () -> Safetensors.write(dir.resolve("x.safetensors"), twice, Map.of()));
    }
}
