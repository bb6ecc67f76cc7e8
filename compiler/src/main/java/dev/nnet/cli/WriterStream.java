package dev.nnet.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Lets the runtime, which prints to a PrintStream, write through picocli's (test-capturable) writer. */
final class WriterStream extends OutputStream {
    private final PrintWriter w;

    WriterStream(PrintWriter w) {
        this.w = w;
    }

    @Override
    public void write(int b) {
        w.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        w.write(new String(b, off, len, StandardCharsets.UTF_8));
    }

    @Override
    public void flush() {
        w.flush();
    }
}
