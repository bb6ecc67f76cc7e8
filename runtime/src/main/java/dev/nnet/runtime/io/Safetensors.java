package dev.nnet.runtime.io;

import dev.nnet.runtime.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian header length, a
 * JSON header mapping each tensor name to {@code {dtype, shape, data_offsets}} plus an optional
 * {@code __metadata__} map of strings, then the tensors' bytes, contiguous and little-endian.
 */
public final class Safetensors {
    private Safetensors() {
    }

    /**
     * Reads and validates a whole file.
     *
     * @throws CheckpointException naming the file (and the tensor) when anything is wrong: a missing or truncated
     *                             file, an absurd header length, invalid JSON, an unknown dtype, offsets out of
     *                             range, overlapping or not matching the shape and dtype
     */
    public static SafetensorsFile read(Path file) {
        return SafetensorsReader.read(file);
    }

    /**
     * Writes {@code tensors} as F32, in list order, with {@code metadata} (keys sorted) as {@code __metadata__}
     * (omitted when empty). Atomic: the bytes go to a temporary file in the same folder, are forced to disk, and
     * the file is renamed over {@code file}; on any failure the temporary file is deleted and an existing
     * {@code file} is left untouched. Deterministic: the same arguments give the same bytes.
     *
     * @throws CheckpointException if the file cannot be written
     * @throws IllegalArgumentException if two tensors share a name
     */
    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) {
        SafetensorsWriter.write(file, tensors, metadata);
    }
}
