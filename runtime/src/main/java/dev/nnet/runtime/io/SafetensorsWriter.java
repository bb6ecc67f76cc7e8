package dev.nnet.runtime.io;

import dev.nnet.runtime.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes F32 safetensors files atomically and deterministically. The bytes depend only on the tensors and the
 * metadata: tensors in the given order, metadata keys sorted, compact JSON escaped as serde_json (the reference
 * implementation's JSON library) escapes it, the header padded with spaces to a multiple of 8 bytes.
 */
final class SafetensorsWriter {
    private static final int CHUNK = 1 << 16;

    private SafetensorsWriter() {
    }

    static void write(Path target, List<Tensor> tensors, Map<String, String> metadata) {
        byte[] header = header(tensors, metadata);
        Path file = target.toAbsolutePath().normalize();
        Path dir = file.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = createTemp(dir, file.getFileName().toString());
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                buf.putLong(header.length);
                writeFully(out, buf.flip());
                writeFully(out, ByteBuffer.wrap(header));
                buf.clear();
                for (Tensor t : tensors) {
                    for (float v : t.data()) {
                        if (!buf.hasRemaining()) {
                            writeFully(out, buf.flip());
                            buf.clear();
                        }
                        buf.putFloat(v);
                    }
                }
                writeFully(out, buf.flip());
                out.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            syncDirectory(dir);
            sweepStaleTemps(dir, file.getFileName().toString());
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot write: " + e
                    + "; the previous file, if any, is left as it was", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The write already failed; that failure is the one to report.
                }
            }
        }
    }

    /**
     * Fails now, with the reason, if {@code target} could not be written: its folder cannot be created, or a file
     * cannot be created in it. A run calls this before training, so a read-only checkpoint folder is not found out
     * after the first epoch.
     */
    static void checkWritable(Path target) {
        Path file = target.toAbsolutePath().normalize();
        Path dir = file.getParent();
        Path probe = null;
        try {
            if (Files.isDirectory(file)) {
                throw new CheckpointException(file + ": is a folder; give the checkpoint's file name");
            }
            Files.createDirectories(dir);
            probe = createTemp(dir, file.getFileName().toString());
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot write checkpoints there: " + e, e);
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException ignored) {
                    // Creating it was the test; the next successful write sweeps it if it stays.
                }
            }
        }
    }

    /**
     * Deletes temporary files of {@code name} left by processes that were killed between writing and renaming
     * (a complete copy each, as large as the checkpoint). Temporary names carry the writer's process id, so a
     * concurrent writer's file is never touched.
     */
    static void sweepStaleTemps(Path dir, String name) {
        String prefix = "." + name + ".";
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> {
            String f = p.getFileName().toString();
            return f.startsWith(prefix) && f.endsWith(".tmp");
        })) {
            for (Path p : entries) {
                String middle = p.getFileName().toString();
                middle = middle.substring(prefix.length(), middle.length() - ".tmp".length());
                int dot = middle.indexOf('.');
                if (dot > 0 && middle.startsWith("pid") && !alive(middle.substring(3, dot))) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // Cleaning up is a courtesy; the checkpoint itself is written.
        }
    }

    private static boolean alive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /**
     * A fresh hidden file beside the target, {@code .NAME.pidPID.RANDOM.tmp}, with the default permissions (unlike
     * Files.createTempFile's 0600).
     */
    private static Path createTemp(Path dir, String name) throws IOException {
        long pid = ProcessHandle.current().pid();
        while (true) {
            String random = Long.toHexString(ThreadLocalRandom.current().nextLong());
            Path tmp = dir.resolve("." + name + ".pid" + pid + "." + random + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException taken) {
                // Another name, then.
            }
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            out.write(buf);
        }
    }

    /** Makes the rename itself durable where the platform allows opening a directory; elsewhere it is best effort. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported here (Windows); the file itself is already on disk.
        }
    }

    static byte[] header(List<Tensor> tensors, Map<String, String> metadata) {
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            json.append("\"__metadata__\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
                if (e.getValue() == null) {
                    throw new IllegalArgumentException("metadata \"" + e.getKey() + "\" has no value");
                }
                json.append(first ? "" : ",");
                string(json, e.getKey()).append(':');
                string(json, e.getValue());
                first = false;
            }
            json.append('}');
        }
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (Tensor t : tensors) {
            if (t.name().isEmpty() || t.name().equals("__metadata__") || !names.add(t.name())) {
                throw new IllegalArgumentException("cannot save a tensor named \"" + t.name() + "\": names must be "
                        + "unique, not empty and not __metadata__");
            }
            json.append(json.length() > 1 ? "," : "");
            string(json, t.name()).append(":{\"dtype\":\"F32\",\"shape\":[");
            int[] shape = t.shape();
            for (int i = 0; i < shape.length; i++) {
                json.append(i > 0 ? "," : "").append(shape[i]);
            }
            long end = offset + 4L * t.size();
            json.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        json.append('}');
        byte[] text = json.toString().getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(text, (text.length + 7) / 8 * 8);
        Arrays.fill(padded, text.length, padded.length, (byte) ' ');
        return padded;
    }

    private static StringBuilder string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\f':
                    out.append("\\f");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"');
    }
}
