package dev.nnet.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a safetensors file can be broken is an error that names the file and, where it can, the tensor. */
class SafetensorsCorruptionTest {
    @TempDir
    Path dir;

    private Path file;

    private String error(byte[] bytes) throws IOException {
        file = Files.write(dir.resolve("bad.safetensors"), bytes);
        String message = assertThrows(CheckpointException.class, () -> Safetensors.read(file)).getMessage();
        assertTrue(message.startsWith(file + ": "), message);
        return message.substring(file.toString().length() + 2);
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin
                + "," + end + "]}";
    }

    @Test
    void tooShortForAHeaderLength() throws IOException {
        assertEquals("truncated: 5 bytes, too short for a safetensors file (an 8-byte header length, a JSON header, "
                + "then the data)", error(new byte[5]));
    }

    @Test
    void absurdHeaderLength() throws IOException {
        assertEquals("header length 1099511627776 is absurd (expected 2 to 100000000 bytes): not a safetensors "
                + "file, or a corrupt one", error(Crafted.file(1L << 40, new byte[0], new byte[8])));
        assertTrue(error(Crafted.file(-1, new byte[0], new byte[8])).startsWith("header length 18446744073709551615 "
                + "is absurd"));
    }

    @Test
    void headerLengthPastTheEnd() throws IOException {
        byte[] json = "{}".getBytes(StandardCharsets.US_ASCII);
        assertEquals("truncated: the header length says 100 bytes of JSON, but the file has only 2 bytes after the "
                + "length", error(Crafted.file(100, json, new byte[0])));
    }

    @Test
    void invalidJson() throws IOException {
        assertTrue(error(Crafted.file("{\"a\":", new byte[0])).startsWith("invalid JSON header: "));
        assertTrue(error(Crafted.file("{\"a\":{\"dtype\":'F32'}}", new byte[0])).startsWith("invalid JSON header: "));
        assertTrue(error(Crafted.file("{} {}", new byte[0])).startsWith("invalid JSON header: "));
        assertEquals("the header does not start with '{': not a safetensors file, or a corrupt one",
                error(Crafted.file("[1, 2]", new byte[0])));
        assertEquals("the header is not UTF-8 text: not a safetensors file, or a corrupt one",
                error(Crafted.file(4, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'}, new byte[0])));
    }

    @Test
    void unknownDtype() throws IOException {
        String message = error(Crafted.file("{" + entry("w", "F33", "[1]", 0, 4) + "}", new byte[4]));
        assertTrue(message.startsWith("tensor \"w\": unknown dtype \"F33\" (safetensors dtypes: [BOOL, U8, "), message);
    }

    @Test
    void malformedEntries() throws IOException {
        assertEquals("tensor \"w\": header entry lacks data_offsets",
                error(Crafted.file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4])));
        assertEquals("tensor \"w\": shape holds -1, expected 0 or more",
                error(Crafted.file("{" + entry("w", "F32", "[-1]", 0, 4) + "}", new byte[4])));
        assertEquals("tensor \"w\": shape holds 1.5, expected an integer",
                error(Crafted.file("{" + entry("w", "F32", "[1.5]", 0, 4) + "}", new byte[4])));
        assertEquals("tensor \"w\": data_offsets has 3 numbers, expected 2 [begin, end]",
                error(Crafted.file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}",
                        new byte[4])));
        assertEquals("tensor \"w\": data_offsets [4, 0] end before they begin",
                error(Crafted.file("{" + entry("w", "F32", "[1]", 4, 0) + "}", new byte[4])));
        assertEquals("tensor \"w\": dtype is a NUMBER, expected a string such as \"F32\"",
                error(Crafted.file("{\"w\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4])));
        assertEquals("__metadata__ \"epoch\" is a NUMBER; metadata values are strings",
                error(Crafted.file("{\"__metadata__\":{\"epoch\":3}}", new byte[0])));
        assertEquals("the header names \"w\" twice", error(Crafted.file("{" + entry("w", "F32", "[1]", 0, 4) + ","
                + entry("w", "F32", "[1]", 4, 8) + "}", new byte[8])));
    }

    @Test
    void offsetsNotMatchingShapeTimesDtype() throws IOException {
        assertEquals("tensor \"w\": data_offsets [0, 12] hold 12 bytes, but F32 [2, 2] needs 16",
                error(Crafted.file("{" + entry("w", "F32", "[2,2]", 0, 12) + "}", new byte[12])));
        assertEquals("tensor \"w\": data_offsets [0, 16] hold 16 bytes, but F16 [2, 2] needs 8",
                error(Crafted.file("{" + entry("w", "F16", "[2,2]", 0, 16) + "}", new byte[16])));
    }

    @Test
    void overlappingTensors() throws IOException {
        assertEquals("tensor \"b\": data_offsets [4, 12] overlap tensor \"a\", which ends at 8",
                error(Crafted.file("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}",
                        new byte[12])));
    }

    @Test
    void gapBetweenTensors() throws IOException {
        assertEquals("tensor \"b\": data_offsets [8, 12] leave a gap of 4 bytes after tensor \"a\"; tensors must be "
                + "contiguous", error(Crafted.file("{" + entry("a", "F32", "[1]", 0, 4) + ","
                + entry("b", "F32", "[1]", 8, 12) + "}", new byte[12])));
        assertTrue(error(Crafted.file("{" + entry("a", "F32", "[1]", 4, 8) + "}", new byte[8]))
                .contains("gap of 4 bytes after the header"));
    }

    @Test
    void offsetsPastTheEndOfTheFile() throws IOException {
        assertEquals("truncated: tensor \"w\" ends at byte 400 of the data, but the file has only 8 bytes of data",
                error(Crafted.file("{" + entry("w", "F32", "[100]", 0, 400) + "}", new byte[8])));
    }

    @Test
    void bytesLeftAfterTheLastTensor() throws IOException {
        assertEquals("4 bytes after the last tensor's data: the header does not describe the whole file",
                error(Crafted.file("{" + entry("w", "F32", "[1]", 0, 4) + "}", new byte[8])));
    }

    @Test
    void aValidFileCutShortIsTruncated() throws IOException {
        Path good = dir.resolve("good.safetensors");
        Safetensors.write(good, List.of(new Tensor("fc.weight", 10, 32), new Tensor("fc.bias", 10)), Map.of());
        byte[] bytes = Files.readAllBytes(good);
        String message = error(Arrays.copyOf(bytes, bytes.length - 3));
        assertEquals("truncated: tensor \"fc.bias\" ends at byte 1320 of the data, but the file has only 1317 bytes "
                + "of data", message);
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("none.safetensors");
        assertEquals(missing + ": no such file",
                assertThrows(CheckpointException.class, () -> Safetensors.read(missing)).getMessage());
    }
}
