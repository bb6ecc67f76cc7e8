package dev.nnet.codegen.onnx;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One protobuf message being written, field by field, with protobuf-java's wire encoder. The ONNX messages are
 * written from the field numbers of {@code onnx.proto} (see {@link OnnxGraph}), so no generated classes are needed.
 */
final class Proto {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    Proto int64(int field, long value) {
        return write(() -> out.writeInt64(field, value));
    }

    Proto int32(int field, int value) {
        return write(() -> out.writeInt32(field, value));
    }

    Proto floatValue(int field, float value) {
        return write(() -> out.writeFloat(field, value));
    }

    Proto string(int field, String value) {
        return write(() -> out.writeString(field, value));
    }

    Proto bytes(int field, byte[] value) {
        return write(() -> out.writeByteArray(field, value));
    }

    Proto message(int field, Proto message) {
        return bytes(field, message.toByteArray());
    }

    byte[] toByteArray() {
        write(out::flush);
        return bytes.toByteArray();
    }

    @FunctionalInterface
    private interface Write {
        void run() throws IOException;
    }

    private Proto write(Write w) {
        try {
            w.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return this;
    }
}
