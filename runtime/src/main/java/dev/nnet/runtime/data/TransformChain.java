package dev.nnet.runtime.data;

import java.util.Arrays;
import java.util.List;

/**
 * The transforms of one data set, checked against its sample shape once and then applied in place, sample by
 * sample, without allocating. Padding only grows a sample, so every step fits in the sample's final slot of the
 * batch: a sample is written there at its raw size and transformed where it lies.
 */
final class TransformChain {
    private final Transform[] steps;
    /** Per step, the sample before it as {@code lead} planes of {@code height × width} (pad needs the planes). */
    private final int[] lead;
    private final int[] height;
    private final int[] width;
    private final int[] outputShape;
    private final int outputSize;
    private final int leadingElementwise;

    /**
     * @param what        the data set, for messages (usually its file)
     * @param sampleShape the shape of a raw sample
     */
    TransformChain(String what, int[] sampleShape, List<Transform> transforms) {
        steps = transforms.toArray(new Transform[0]);
        lead = new int[steps.length];
        height = new int[steps.length];
        width = new int[steps.length];
        int[] shape = sampleShape.clone();
        int elementwise = -1;
        for (int i = 0; i < steps.length; i++) {
            int rank = shape.length;
            height[i] = rank >= 2 ? shape[rank - 2] : 1;
            width[i] = rank >= 1 ? shape[rank - 1] : 1;
            lead[i] = size(shape) / Math.max(1, height[i] * width[i]);
            Transform t = steps[i];
            if (t instanceof Transform.Pad pad) {
                shape = padded(what, shape, pad.padding());
                if (elementwise < 0) {
                    elementwise = i;
                }
            } else {
                check(what, t);
            }
        }
        leadingElementwise = elementwise < 0 ? steps.length : elementwise;
        outputShape = shape;
        outputSize = size(shape);
    }

    private static void check(String what, Transform t) {
        if (t instanceof Transform.Normalize n) {
            if (!Float.isFinite(n.mean()) || !Float.isFinite(n.std()) || n.std() == 0f) {
                throw new DataException(what + ": normalize(" + n.mean() + ", " + n.std() + ") needs a finite mean "
                        + "and a finite, non-zero std (it computes (x - mean) / std)");
            }
        } else if (t instanceof Transform.Scale s && !Float.isFinite(s.factor())) {
            throw new DataException(what + ": scale(" + s.factor() + ") needs a finite factor");
        }
    }

    private static int[] padded(String what, int[] shape, int padding) {
        if (padding < 0) {
            throw new DataException(what + ": pad(" + padding + ") needs a padding of 0 or more");
        }
        if (shape.length < 2) {
            throw new DataException(what + ": pad(" + padding + ") pads images ([C, H, W] or [H, W]), but samples "
                    + "here have shape " + Arrays.toString(shape) + "; remove the pad transform");
        }
        int[] out = shape.clone();
        out[out.length - 2] += 2 * padding;
        out[out.length - 1] += 2 * padding;
        return out;
    }

    private static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    int[] outputShape() {
        return outputShape.clone();
    }

    int outputSize() {
        return outputSize;
    }

    /**
     * How many transforms at the start are element-wise (before any pad). Sources of bytes fold them into a
     * 256-entry table: the same float operations on the same inputs give the same results, only once per byte.
     */
    int leadingElementwise() {
        return leadingElementwise;
    }

    /** Applies the first {@code count} transforms, all element-wise, to one value. */
    float applyLeading(float v, int count) {
        float x = v;
        for (int i = 0; i < count; i++) {
            x = elementwise(steps[i], x);
        }
        return x;
    }

    /**
     * Applies transforms {@code from}, ... to the sample at {@code x[offset]}, which has the shape it had before
     * step {@code from}.
     */
    void apply(float[] x, int offset, int from) {
        for (int i = from; i < steps.length; i++) {
            Transform t = steps[i];
            int size = lead[i] * height[i] * width[i];
            if (t instanceof Transform.Normalize n) {
                // (x - mean) / std in float, operand for operand as torchvision's Normalize does it.
                float mean = n.mean();
                float std = n.std();
                for (int j = offset; j < offset + size; j++) {
                    x[j] = (x[j] - mean) / std;
                }
            } else if (t instanceof Transform.Scale s) {
                float factor = s.factor();
                for (int j = offset; j < offset + size; j++) {
                    x[j] *= factor;
                }
            } else {
                pad(x, offset, lead[i], height[i], width[i], ((Transform.Pad) t).padding());
            }
        }
    }

    private static float elementwise(Transform t, float x) {
        if (t instanceof Transform.Normalize n) {
            return (x - n.mean()) / n.std();
        }
        return x * ((Transform.Scale) t).factor();
    }

    /**
     * Pads in place. Rows move to higher indices, so copying from the last row backwards never overwrites a row
     * not yet moved; the border, which no row lands on, is zeroed afterwards.
     */
    private static void pad(float[] x, int offset, int planes, int h, int w, int p) {
        int ph = h + 2 * p;
        int pw = w + 2 * p;
        for (int c = planes - 1; c >= 0; c--) {
            for (int r = h - 1; r >= 0; r--) {
                System.arraycopy(x, offset + (c * h + r) * w, x, offset + (c * ph + r + p) * pw + p, w);
            }
        }
        for (int c = 0; c < planes; c++) {
            int plane = offset + c * ph * pw;
            Arrays.fill(x, plane, plane + p * pw, 0f);
            for (int r = p; r < p + h; r++) {
                int row = plane + r * pw;
                Arrays.fill(x, row, row + p, 0f);
                Arrays.fill(x, row + p + w, row + pw, 0f);
            }
            Arrays.fill(x, plane + (p + h) * pw, plane + ph * pw, 0f);
        }
    }
}
