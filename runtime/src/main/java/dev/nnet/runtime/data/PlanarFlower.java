package dev.nnet.runtime.data;

import dev.nnet.runtime.Rng;
import java.util.List;

/**
 * The two-class "flower" of the planar-data tutorial ({@code load_planar_dataset}): for class j = 0, 1, N/2 points
 * with {@code t = linspace(j·3.12, (j+1)·3.12, N/2) + 0.2·randn}, {@code r = 4·sin(4t) + 0.2·randn},
 * {@code x = (r·sin t, r·cos t)} and float label j. The noise comes from {@link Rng}, drawn in the tutorial's order
 * (all of a class's t noise, then all of its r noise), so the points are not NumPy's but have the same distribution.
 */
public final class PlanarFlower {
    private static final double PETAL_LENGTH = 4;
    private static final double NOISE = 0.2;
    private static final double ARC = 3.12;

    private PlanarFlower() {
    }

    /** Bytes a point costs while generating: two float coordinates, a float label and half a double of noise. */
    static final long BYTES_PER_POINT = 2 * 4 + 4 + 8 / 2;

    /**
     * Refuses, before allocating, a set that could not fit: more points than a Java array holds, or more memory
     * than half of what this JVM may use (the rest is the model's and the trainer's), with the figure and the way
     * to give Java more.
     */
    static void requireMemory(int points) {
        long need = BYTES_PER_POINT * points;
        long max = Runtime.getRuntime().maxMemory();
        if (points > Integer.MAX_VALUE / 2 || need > max / 2) {
            throw new DataException(String.format(java.util.Locale.ROOT, "planar_flower(points=%d) needs about "
                    + "%.1f GB to generate, more than half of the %.1f GB this JVM may use; use fewer points, or give "
                    + "Java more memory with -Xmx (NNET_JAVA_OPTS=-Xmx%dg bin/nnet ...)", points, need / 1e9,
                    max / 1e9, (long) Math.ceil(2 * need / 1e9)));
        }
    }

    /** {@code points} samples of shape {@code [2]}, targets {@code [points, 1]}; class 0 first, then class 1. */
    public static ArrayDataset generate(int points, long seed) {
        if (points < 2 || points % 2 != 0) {
            throw new DataException("planar_flower(points=" + points + "): points must be even and at least 2 "
                    + "(half of them per class)");
        }
        requireMemory(points);
        int half = points / 2;
        Rng rng = new Rng(seed);
        float[] x = new float[points * 2];
        float[] y = new float[points];
        double[] t = new double[half];
        for (int j = 0; j < 2; j++) {
            double start = j * ARC;
            double step = half == 1 ? 0 : ARC / (half - 1);
            for (int i = 0; i < half; i++) {
                // NumPy's linspace: start + i·step, with the last point exactly the stop.
                double at = i == half - 1 && half > 1 ? start + ARC : start + i * step;
                t[i] = at + rng.nextGaussian() * NOISE;
            }
            for (int i = 0; i < half; i++) {
                double r = PETAL_LENGTH * Math.sin(4 * t[i]) + rng.nextGaussian() * NOISE;
                int k = j * half + i;
                x[2 * k] = (float) (r * Math.sin(t[i]));
                x[2 * k + 1] = (float) (r * Math.cos(t[i]));
                y[k] = j;
            }
        }
        return new ArrayDataset("planar_flower(points=" + points + ", seed=" + seed + ")", points, new int[] {2}, x, y,
                1, null, List.of());
    }
}
