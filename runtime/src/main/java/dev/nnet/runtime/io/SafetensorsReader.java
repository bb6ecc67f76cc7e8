package dev.nnet.runtime.io;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates a safetensors file with the checks of the reference implementation: a sane header length,
 * strict JSON, known dtypes, and tensors that tile the data section exactly (no gap, no overlap, each the size its
 * shape and dtype need, nothing left over).
 */
final class SafetensorsReader {
    /** The reference implementation's limit; a larger length is garbage, not a header. */
    static final long MAX_HEADER = 100_000_000L;

    private final Path file;

    private SafetensorsReader(Path file) {
        this.file = file;
    }

    static SafetensorsFile read(Path file) {
        return new SafetensorsReader(file).read();
    }

    private SafetensorsFile read() {
        byte[] bytes = readAll();
        if (bytes.length < 8) {
            throw fail("truncated: " + bytes.length + " bytes, too short for a safetensors file (an 8-byte header "
                    + "length, a JSON header, then the data)");
        }
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER) {
            throw fail("header length " + Long.toUnsignedString(headerLength) + " is absurd (expected 2 to "
                    + MAX_HEADER + " bytes): not a safetensors file, or a corrupt one");
        }
        if (headerLength > bytes.length - 8) {
            throw fail("truncated: the header length says " + headerLength + " bytes of JSON, but the file has only "
                    + (bytes.length - 8) + " bytes after the length");
        }
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 8, (int) headerLength)).toString();
        } catch (CharacterCodingException e) {
            throw fail("the header is not UTF-8 text: not a safetensors file, or a corrupt one");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        parse(json, metadata, tensors);
        int dataStart = 8 + (int) headerLength;
        checkLayout(tensors, bytes.length - dataStart);
        return new SafetensorsFile(file, bytes, dataStart, tensors, metadata);
    }

    private byte[] readAll() {
        try {
            if (Files.size(file) > Integer.MAX_VALUE - 8) {
                throw fail("larger than 2 GiB, more than nnet reads");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw fail("no such file");
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read: " + e, e);
        }
    }

    private void parse(String json, Map<String, String> metadata, Map<String, TensorInfo> tensors) {
        if (!json.startsWith("{")) {
            throw fail("the header does not start with '{': not a safetensors file, or a corrupt one");
        }
        try (JsonReader r = new JsonReader(new StringReader(json))) {
            r.setStrictness(Strictness.STRICT);
            r.beginObject();
            boolean metadataSeen = false;
            while (r.hasNext()) {
                String name = r.nextName();
                if (tensors.containsKey(name) || (name.equals("__metadata__") && metadataSeen)) {
                    throw fail("the header names \"" + name + "\" twice");
                }
                if (name.equals("__metadata__")) {
                    metadataSeen = true;
                    metadata(r, metadata);
                } else {
                    tensors.put(name, tensor(r, name));
                }
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw fail("invalid JSON header: more after the closing '}'");
            }
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new CheckpointException(file + ": invalid JSON header: " + e.getMessage(), e);
        }
    }

    private void metadata(JsonReader r, Map<String, String> metadata) throws IOException {
        if (r.peek() != JsonToken.BEGIN_OBJECT) {
            throw fail("__metadata__ is a " + r.peek() + ", expected an object of strings");
        }
        r.beginObject();
        while (r.hasNext()) {
            String key = r.nextName();
            if (r.peek() != JsonToken.STRING) {
                throw fail("__metadata__ \"" + key + "\" is a " + r.peek() + "; metadata values are strings");
            }
            metadata.put(key, r.nextString());
        }
        r.endObject();
    }

    private TensorInfo tensor(JsonReader r, String name) throws IOException {
        if (r.peek() != JsonToken.BEGIN_OBJECT) {
            throw fail("tensor \"" + name + "\": header entry is a " + r.peek() + ", expected an object with "
                    + "dtype, shape and data_offsets");
        }
        Dtype dtype = null;
        List<Long> shape = null;
        List<Long> offsets = null;
        r.beginObject();
        while (r.hasNext()) {
            String key = r.nextName();
            if (key.equals("dtype")) {
                dtype = dtype(r, name);
            } else if (key.equals("shape")) {
                shape = numbers(r, name, key);
            } else if (key.equals("data_offsets")) {
                offsets = numbers(r, name, key);
            } else {
                r.skipValue();
            }
        }
        r.endObject();
        if (dtype == null || shape == null || offsets == null) {
            throw fail("tensor \"" + name + "\": header entry lacks "
                    + (dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets"));
        }
        if (offsets.size() != 2) {
            throw fail("tensor \"" + name + "\": data_offsets has " + offsets.size() + " numbers, expected 2 "
                    + "[begin, end]");
        }
        int[] dims = new int[shape.size()];
        long elements = 1;
        for (int i = 0; i < dims.length; i++) {
            long d = shape.get(i);
            if (d > Integer.MAX_VALUE) {
                throw fail("tensor \"" + name + "\": dimension " + d + " of shape " + shape + " is too large");
            }
            dims[i] = (int) d;
            elements = d == 0 || elements == 0 ? 0 : multiply(elements, d, name, shape);
        }
        long begin = offsets.get(0);
        long end = offsets.get(1);
        if (end < begin) {
            throw fail("tensor \"" + name + "\": data_offsets [" + begin + ", " + end + "] end before they begin");
        }
        long needed = multiply(elements, dtype.bytes(), name, shape);
        if (end - begin != needed) {
            throw fail("tensor \"" + name + "\": data_offsets [" + begin + ", " + end + "] hold " + (end - begin)
                    + " bytes, but " + dtype + " " + shape + " needs " + needed);
        }
        return new TensorInfo(name, dtype, dims, begin, end);
    }

    private long multiply(long a, long b, String name, List<Long> shape) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw fail("tensor \"" + name + "\": shape " + shape + " is too large");
        }
    }

    private Dtype dtype(JsonReader r, String name) throws IOException {
        if (r.peek() != JsonToken.STRING) {
            throw fail("tensor \"" + name + "\": dtype is a " + r.peek() + ", expected a string such as \"F32\"");
        }
        String text = r.nextString();
        try {
            return Dtype.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw fail("tensor \"" + name + "\": unknown dtype \"" + text + "\" (safetensors dtypes: "
                    + java.util.Arrays.toString(Dtype.values()) + ")");
        }
    }

    private List<Long> numbers(JsonReader r, String name, String key) throws IOException {
        if (r.peek() != JsonToken.BEGIN_ARRAY) {
            throw fail("tensor \"" + name + "\": " + key + " is a " + r.peek() + ", expected an array of integers");
        }
        List<Long> out = new ArrayList<>();
        r.beginArray();
        while (r.hasNext()) {
            if (r.peek() != JsonToken.NUMBER) {
                throw fail("tensor \"" + name + "\": " + key + " holds a " + r.peek() + ", expected integers");
            }
            String text = r.nextString();
            long v;
            try {
                v = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw fail("tensor \"" + name + "\": " + key + " holds " + text + ", expected an integer");
            }
            if (v < 0) {
                throw fail("tensor \"" + name + "\": " + key + " holds " + v + ", expected 0 or more");
            }
            out.add(v);
        }
        r.endArray();
        return out;
    }

    /** Tensors sorted by offset must follow one another from byte 0 to the end of the file. */
    private void checkLayout(Map<String, TensorInfo> tensors, long dataLength) {
        List<TensorInfo> sorted = new ArrayList<>(tensors.values());
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long expected = 0;
        String previous = null;
        for (TensorInfo t : sorted) {
            if (t.begin() < expected) {
                throw fail("tensor \"" + t.name() + "\": data_offsets [" + t.begin() + ", " + t.end()
                        + "] overlap tensor \"" + previous + "\", which ends at " + expected);
            }
            if (t.begin() > expected) {
                throw fail("tensor \"" + t.name() + "\": data_offsets [" + t.begin() + ", " + t.end() + "] leave a "
                        + "gap of " + (t.begin() - expected) + " bytes after " + (previous == null ? "the header"
                        : "tensor \"" + previous + "\"") + "; tensors must be contiguous");
            }
            if (t.end() > dataLength) {
                throw fail("truncated: tensor \"" + t.name() + "\" ends at byte " + t.end() + " of the data, but the "
                        + "file has only " + dataLength + " bytes of data");
            }
            expected = t.end();
            previous = t.name();
        }
        if (expected != dataLength) {
            throw fail((dataLength - expected) + " bytes after the last tensor's data: the header does not describe "
                    + "the whole file");
        }
    }

    private CheckpointException fail(String message) {
        return new CheckpointException(file + ": " + message);
    }
}
