package dev.nnet.runtime.data;

import dev.nnet.runtime.Batch;
import java.nio.file.Path;
import java.util.List;

/**
 * MNIST or Fashion-MNIST: {@code [1, H, W]} images kept as bytes and converted per batch to {@code (float) b / 255f},
 * the float arithmetic of torchvision's {@code ToTensor}, then transformed. Labels are class indices 0 to 9.
 */
public final class Mnist implements Dataset {
    public static final int CLASSES = 10;

    private final byte[] pixels;
    private final byte[] labels;
    private final int count;
    private final int imageSize;
    private final TransformChain transforms;
    /** Byte value to float: the division by 255 and the element-wise transforms before any pad, once per byte. */
    private final float[] byteTable = new float[256];

    private Mnist(Idx.Images images, byte[] labels, TransformChain transforms) {
        this.pixels = images.pixels();
        this.labels = labels;
        this.count = images.count();
        this.imageSize = images.rows() * images.cols();
        this.transforms = transforms;
        for (int b = 0; b < 256; b++) {
            byteTable[b] = transforms.applyLeading((float) b / 255f, transforms.leadingElementwise());
        }
    }

    /** The IDX file name of a split ({@code "train"} or {@code "test"}), without {@code .gz}. */
    public static String fileName(String split, boolean images) {
        String prefix;
        if (split.equals("train")) {
            prefix = "train";
        } else if (split.equals("test")) {
            prefix = "t10k";
        } else {
            throw new DataException("unknown MNIST split \"" + split + "\": use \"train\" or \"test\"");
        }
        return prefix + (images ? "-images-idx3-ubyte" : "-labels-idx1-ubyte");
    }

    /** Reads an image file and its label file (each raw or gzip) and checks that they agree. */
    public static Mnist read(Path imagesFile, Path labelsFile, List<Transform> transforms) {
        Idx.Images images = Idx.readImages(imagesFile);
        byte[] labels = Idx.readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw new DataException(imagesFile + " has " + images.count() + " images but " + labelsFile + " has "
                    + labels.length + " labels; the two files must come from the same split (train-* with train-*, "
                    + "t10k-* with t10k-*)");
        }
        for (int i = 0; i < labels.length; i++) {
            if ((labels[i] & 0xff) >= CLASSES) {
                throw new DataException(labelsFile + ": label " + (labels[i] & 0xff) + " of sample " + i
                        + " is not a class 0 to 9; the file is corrupt or not an MNIST label file");
            }
        }
        int[] shape = {1, images.rows(), images.cols()};
        return new Mnist(images, labels, new TransformChain(imagesFile.toString(), shape, transforms));
    }

    /** The label of sample {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    @Override
    public int size() {
        return count;
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
        return CLASSES;
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
