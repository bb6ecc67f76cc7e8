package dev.nnet.runtime.data;

import dev.nnet.runtime.Batch;

/**
 * Images kept as bytes with a class label each (MNIST's and CIFAR-10's readers build one), converted per batch to
 * {@code (float) b / 255f}, the float arithmetic of torchvision's {@code ToTensor}, then transformed.
 */
public abstract class ByteImages implements Dataset {
    private final byte[] pixels;
    private final byte[] labels;
    private final int imageSize;
    private final int classes;
    private final TransformChain transforms;
    /** Byte value to float: the division by 255 and the element-wise transforms before any pad, once per byte. */
    private final float[] byteTable = new float[256];

    ByteImages(byte[] pixels, byte[] labels, int imageSize, int classes, TransformChain transforms) {
        this.pixels = pixels;
        this.labels = labels;
        this.imageSize = imageSize;
        this.classes = classes;
        this.transforms = transforms;
        for (int b = 0; b < 256; b++) {
            byteTable[b] = transforms.applyLeading((float) b / 255f, transforms.leadingElementwise());
        }
    }

    /** The label of sample {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    @Override
    public int size() {
        return labels.length;
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
        return true;
    }

    @Override
    public int targetSize() {
        return 1;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public void fill(int[] order, int from, int count, Batch batch) {
        Dataset.checkFill(this, order, from, count, batch);
        float[] x = batch.x;
        int stride = transforms.outputSize();
        int rest = transforms.leadingElementwise();
        for (int k = 0; k < count; k++) {
            int sample = order[from + k];
            int src = sample * imageSize;
            int dst = k * stride;
            for (int p = 0; p < imageSize; p++) {
                x[dst + p] = byteTable[pixels[src + p] & 0xff];
            }
            transforms.apply(x, dst, rest);
            batch.yInt[k] = labels[sample];
        }
        batch.n = count;
    }
}
