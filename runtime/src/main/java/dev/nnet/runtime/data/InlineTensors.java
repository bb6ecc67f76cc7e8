package dev.nnet.runtime.data;

import java.util.Arrays;
import java.util.List;

/** Opens inline {@code tensors(x=..., target=...)}: the first dimension of each is the sample count. */
public final class InlineTensors {
    private InlineTensors() {
    }

    public static ArrayDataset of(DataSpec.Tensors spec) {
        int samples = samples("x", spec.x(), spec.xShape());
        int targets = samples("target", spec.target(), spec.targetShape());
        // A sequence model's class targets may be one per step: [samples · steps], in sample order.
        boolean perStep = spec.classTargets() && spec.targetShape().length == 1 && targets > samples
                && targets % samples == 0;
        if (samples != targets && !perStep) {
            throw new DataException("tensors(...): x has " + samples + " samples (its first dimension, shape "
                    + Arrays.toString(spec.xShape()) + ") but target has " + targets + " (shape "
                    + Arrays.toString(spec.targetShape()) + "); give one target per sample");
        }
        int[] sampleShape = Arrays.copyOfRange(spec.xShape(), 1, spec.xShape().length);
        if (!spec.classTargets()) {
            int targetSize = samples == 0 ? 0 : spec.target().length / samples;
            return new ArrayDataset("tensors(...)", samples, sampleShape, spec.x(), spec.target(), targetSize, null,
                    List.of());
        }
        if (spec.targetShape().length != 1) {
            throw new DataException("tensors(...): class targets are one index per sample, shape [" + samples
                    + "], but target has shape " + Arrays.toString(spec.targetShape()));
        }
        int[] classes = new int[targets];
        for (int i = 0; i < targets; i++) {
            float v = spec.target()[i];
            if (!(v >= 0) || v != Math.rint(v) || v > 1 << 24) {
                throw new DataException("tensors(...): target " + i + " is " + v + ", not a class index (an integer "
                        + "0 or more)");
            }
            classes[i] = (int) v;
        }
        return new ArrayDataset("tensors(...)", samples, sampleShape, spec.x(), null, targets / samples, classes,
                List.of());
    }

    private static int samples(String name, float[] values, int[] shape) {
        if (shape.length == 0) {
            throw new DataException("tensors(...): " + name + " is a scalar; write one row per sample, e.g. "
                    + name + "=[[1.0], [2.0]]");
        }
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new DataException("tensors(...): " + name + " has a negative dimension in its shape "
                        + Arrays.toString(shape));
            }
            size *= d;
        }
        if (size != values.length) {
            throw new DataException("tensors(...): " + name + " has " + values.length + " values but its shape "
                    + Arrays.toString(shape) + " needs " + size);
        }
        if (shape[0] == 0) {
            throw new DataException("tensors(...): " + name + " has no samples; give at least one row");
        }
        return shape[0];
    }
}
