package dev.nnet.runtime.data;

import dev.nnet.runtime.Batch;
import java.util.Arrays;
import java.util.List;

/**
 * Samples held as floats, with float or class-index targets: what a CSV file, inline tensors and the planar flower
 * become once read. Features are stored untransformed and transformed per batch, like every source.
 */
public final class ArrayDataset implements Dataset {
    private final int size;
    private final int rawSize;
    private final float[] x;
    private final float[] yFloat;
    private final int[] yInt;
    private final int targetSize;
    private final int classes;
    private final TransformChain transforms;

    /**
     * @param what        the data set, for messages
     * @param sampleShape the shape of one untransformed sample; {@code x} holds {@code size} of them
     * @param yFloat      float targets, {@code targetSize} per sample; null when {@code yInt} is given
     * @param yInt        class-index targets (0 or more), {@code targetSize} per sample (one, or a sequence model's
     *                    one per step); null when {@code yFloat} is given
     */
    public ArrayDataset(String what, int size, int[] sampleShape, float[] x, float[] yFloat, int targetSize, int[] yInt,
                        List<Transform> transforms) {
        if ((yFloat == null) == (yInt == null)) {
            throw new IllegalArgumentException(what + ": give float targets or class targets, not both or neither");
        }
        this.size = size;
        this.transforms = new TransformChain(what, sampleShape, transforms);
        this.rawSize = sizeOf(sampleShape);
        if ((long) size * rawSize != x.length) {
            throw new IllegalArgumentException(what + ": " + x.length + " feature values for " + size + " samples of "
                    + Arrays.toString(sampleShape));
        }
        long targets = yInt != null ? yInt.length : yFloat.length;
        if (targets != (long) size * targetSize) {
            throw new IllegalArgumentException(what + ": " + targets + " target values for " + size + " samples");
        }
        this.x = x;
        this.yFloat = yFloat;
        this.yInt = yInt;
        this.targetSize = targetSize;
        int max = -1;
        if (yInt != null) {
            for (int y : yInt) {
                max = Math.max(max, y);
            }
        }
        this.classes = max + 1;
    }

    private static int sizeOf(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return (int) n;
    }

    /** Feature {@code j} of sample {@code i}, untransformed. */
    public float x(int i, int j) {
        return x[i * rawSize + j];
    }

    /** Float target {@code j} of sample {@code i}. */
    public float yFloat(int i, int j) {
        return yFloat[i * targetSize + j];
    }

    /** Class target of sample {@code i}. */
    public int yInt(int i) {
        return yInt[i];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int[] sampleShape() {
        return transforms.outputShape();
    }

    @Override
    public int featureSize() {
        return transforms.outputSize();
    }

    @Override
    public boolean classTargets() {
        return yInt != null;
    }

    @Override
    public int targetSize() {
        return targetSize;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public void fill(int[] order, int from, int count, Batch batch) {
        Dataset.checkFill(this, order, from, count, batch);
        int stride = transforms.outputSize();
        for (int k = 0; k < count; k++) {
            int sample = order[from + k];
            System.arraycopy(x, sample * rawSize, batch.x, k * stride, rawSize);
            transforms.apply(batch.x, k * stride, 0);
            if (yInt != null) {
                System.arraycopy(yInt, sample * targetSize, batch.yInt, k * targetSize, targetSize);
            } else {
                System.arraycopy(yFloat, sample * targetSize, batch.yFloat, k * targetSize, targetSize);
            }
        }
        batch.n = count;
    }
}
