package dev.nnet.runtime.optim;

/** Argument checks shared by the optimizers: a wrong buffer is a code-generation bug, reported before any write. */
final class Buffers {
    private Buffers() {
    }

    static void require(String optimizer, String what, float[] buffer, int len) {
        if (buffer == null) {
            throw new IllegalArgumentException(optimizer + ": " + what + " is null but this configuration needs it");
        }
        if (buffer.length < len) {
            throw new IllegalArgumentException(optimizer + ": " + what + " holds " + buffer.length
                    + " values, fewer than the " + len + " being updated");
        }
    }

    static void requireLength(String optimizer, int len) {
        if (len < 0) {
            throw new IllegalArgumentException(optimizer + ": negative length " + len);
        }
    }
}
