package dev.nnet.runtime.data;

import java.util.List;

/**
 * Data sets from Java arrays, for {@link dev.nnet.runtime.train.Training#data}: one row per sample. The arrays are
 * copied, so later changes to them do not reach the data set.
 */
public final class Samples {
    private Samples() {
    }

    /** Samples with float targets (regression): {@code x[i]} and {@code targets[i]} are sample {@code i}. */
    public static Dataset of(float[][] x, float[][] targets) {
        checkRows(x, targets.length);
        return new ArrayDataset("samples", x.length, new int[] {width(x)}, flatten(x, "x"),
                flatten(targets, "targets"), width(targets), null, List.of());
    }

    /**
     * Samples with class targets (classification): {@code labels[i]} is the class, from 0, of {@code x[i]}, whose
     * values are laid out row-major as {@code sampleShape} (e.g. {@code 1, 28, 28}); no shape means a flat vector.
     */
    public static Dataset classified(float[][] x, int[] labels, int... sampleShape) {
        checkRows(x, labels.length);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("label " + i + " is " + labels[i] + "; classes count from 0");
            }
        }
        int[] shape = sampleShape.length == 0 ? new int[] {width(x)} : sampleShape.clone();
        return new ArrayDataset("samples", x.length, shape, flatten(x, "x"), null, 1, labels.clone(), List.of());
    }

    private static void checkRows(float[][] x, int targets) {
        if (x.length == 0) {
            throw new IllegalArgumentException("no samples: x has no rows");
        }
        if (x.length != targets) {
            throw new IllegalArgumentException(x.length + " samples but " + targets + " targets");
        }
    }

    private static int width(float[][] rows) {
        return rows.length == 0 ? 0 : rows[0].length;
    }

    private static float[] flatten(float[][] rows, String what) {
        int width = width(rows);
        float[] flat = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != width) {
                throw new IllegalArgumentException(what + "[" + i + "] has " + rows[i].length + " values but "
                        + what + "[0] has " + width + "; every row needs the same length");
            }
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return flat;
    }
}
