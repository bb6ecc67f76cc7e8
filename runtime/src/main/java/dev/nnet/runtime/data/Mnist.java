package dev.nnet.runtime.data;

import java.nio.file.Path;
import java.util.List;

/**
 * MNIST or Fashion-MNIST: {@code [1, H, W]} images from IDX files, as bytes converted per batch (see
 * {@link ByteImages}). Labels are class indices 0 to 9.
 */
public final class Mnist extends ByteImages {
    public static final int CLASSES = 10;

    private Mnist(Idx.Images images, byte[] labels, TransformChain transforms) {
        super(images.pixels(), labels, images.rows() * images.cols(), CLASSES, transforms);
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
}
