package dev.nnet.runtime.io;

import dev.nnet.runtime.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A validated safetensors file held in memory: its tensors in header order, its {@code __metadata__}, and their
 * values converted on demand (F32, F64, F16 and BF16 to float; I64 and I32 to long).
 */
public final class SafetensorsFile {
    private final Path path;
    private final byte[] bytes;
    private final int dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    SafetensorsFile(Path path, byte[] bytes, int dataStart, Map<String, TensorInfo> tensors,
                    Map<String, String> metadata) {
        this.path = path;
        this.bytes = bytes;
        this.dataStart = dataStart;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    public Path path() {
        return path;
    }

    /** Tensor names in the order of the header. */
    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }

    /** The string-to-string {@code __metadata__} map, empty when the file has none. */
    public Map<String, String> metadata() {
        return metadata;
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The header entry of {@code name}. */
    public TensorInfo info(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new CheckpointException(path + ": no tensor named \"" + name + "\"; the file has " + names());
        }
        return info;
    }

    public int[] shape(String name) {
        return info(name).shape();
    }

    public Dtype dtype(String name) {
        return info(name).dtype();
    }

    /** The values of a floating-point tensor as floats (F64 rounded to nearest, F16 and BF16 exactly). */
    public float[] floats(String name) {
        TensorInfo info = info(name);
        int n = (int) info.elements();
        float[] out = new float[n];
        ByteBuffer data = data(info);
        switch (info.dtype()) {
            case F32:
                data.asFloatBuffer().get(out);
                break;
            case F64:
                for (int i = 0; i < n; i++) {
                    out[i] = (float) data.getDouble(8 * i);
                }
                break;
            case F16:
                for (int i = 0; i < n; i++) {
                    out[i] = halfToFloat(data.getShort(2 * i));
                }
                break;
            case BF16:
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat((data.getShort(2 * i) & 0xffff) << 16);
                }
                break;
            default:
                throw new CheckpointException(path + ": tensor \"" + name + "\" is " + info.dtype() + ", not a "
                        + "floating-point type (F32, F64, F16, BF16)" + (info.dtype().isInteger()
                        ? "; read it with longs()" : ""));
        }
        return out;
    }

    /** The values of an I64 or I32 tensor (step counters and the like). */
    public long[] longs(String name) {
        TensorInfo info = info(name);
        int n = (int) info.elements();
        long[] out = new long[n];
        ByteBuffer data = data(info);
        if (info.dtype() == Dtype.I64) {
            data.asLongBuffer().get(out);
        } else if (info.dtype() == Dtype.I32) {
            for (int i = 0; i < n; i++) {
                out[i] = data.getInt(4 * i);
            }
        } else {
            throw new CheckpointException(path + ": tensor \"" + name + "\" is " + info.dtype() + ", not I64 or I32"
                    + (info.dtype().isFloat() ? "; read it with floats()" : ""));
        }
        return out;
    }

    /** A floating-point tensor as a {@link Tensor} of the same name and shape. */
    public Tensor tensor(String name) {
        return new Tensor(name, shape(name), floats(name));
    }

    private ByteBuffer data(TensorInfo info) {
        return ByteBuffer.wrap(bytes, dataStart + (int) info.begin(), (int) (info.end() - info.begin())).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /** IEEE half to float, exactly: every half is a float. Float.float16ToFloat is Java 20. */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13);
        }
        if (exponent == 0) {
            float subnormal = mantissa * 0x1p-24f;
            return sign != 0 ? -subnormal : subnormal;
        }
        return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
    }
}
