package dev.nnet.runtime.loss;

/** Bounds checks shared by the losses: a wrong offset or length is a code-generation bug, reported before any write. */
final class Spans {
    private Spans() {
    }

    static void require(String loss, String what, float[] array, int off, long count) {
        if (array == null) {
            throw new IllegalArgumentException(loss + ": " + what + " is null");
        }
        if (off < 0 || off + count > array.length) {
            throw new IllegalArgumentException(loss + ": " + what + " [" + off + ", " + (off + count)
                    + ") is outside its array of " + array.length + " values");
        }
    }

    static void require(String loss, String what, int[] array, int off, long count) {
        if (array == null) {
            throw new IllegalArgumentException(loss + ": " + what + " is null");
        }
        if (off < 0 || off + count > array.length) {
            throw new IllegalArgumentException(loss + ": " + what + " [" + off + ", " + (off + count)
                    + ") is outside its array of " + array.length + " values");
        }
    }

    static void requireShape(String loss, int rows, int columns) {
        if (rows < 0 || columns <= 0) {
            throw new IllegalArgumentException(loss + ": shape [" + rows + ", " + columns + "] is not a valid batch");
        }
    }

    static void requireClass(String loss, int[] target, int targetOff, int row, int classes) {
        int t = target[targetOff + row];
        if (t < 0 || t >= classes) {
            throw new LossInputException(loss + ": target of row " + row + " is class " + t + ", outside [0, "
                    + classes + "); class indices count from 0 and the model has " + classes + " outputs");
        }
    }
}
