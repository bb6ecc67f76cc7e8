package dev.nnet.runtime.data;

import java.util.List;

/** A data set as a train block declares it; generated trainers build these and the runtime opens them. */
public sealed interface DataSpec {
    /** {@code mnist("train", normalize(0.1307, 0.3081))}; {@code fashion} for Fashion-MNIST (same IDX format). */
    record Mnist(String split, boolean fashion, String root, List<Transform> transforms) implements DataSpec {
        public Mnist {
            transforms = List.copyOf(transforms);
        }
    }

    /** {@code cifar10("train", normalize(0.5, 0.5))}: CIFAR-10's binary batches in {@code root}. */
    record Cifar10(String split, String root, List<Transform> transforms) implements DataSpec {
        public Cifar10 {
            transforms = List.copyOf(transforms);
        }
    }

    /**
     * {@code csv("data/diabetes.csv", label=-1)}: one sample per row; {@code label} is the target column (negative
     * counts from the end); {@code classTargets} reads it as a class index instead of a float. {@code features} is
     * how many feature columns the model takes, checked against the file when it is read; 0 when not known.
     */
    record Csv(String path, int label, boolean header, boolean classTargets, List<Transform> transforms,
               int features) implements DataSpec {
        public Csv {
            transforms = List.copyOf(transforms);
        }

        /** Without a feature count: the file decides (what generated trainers write). */
        public Csv(String path, int label, boolean header, boolean classTargets, List<Transform> transforms) {
            this(path, label, header, classTargets, transforms, 0);
        }

        /** The same data set, checked against a model taking {@code count} features per row. */
        public Csv withFeatures(int count) {
            return new Csv(path, label, header, classTargets, transforms, count);
        }
    }

    /**
     * {@code names("data/names_train.csv.gz")}: name,class rows read by {@link dev.nnet.runtime.data.Names};
     * {@code classNames} are the model's labels in index order, or empty to take the file's classes sorted;
     * {@code length} is the model's L, the length every name is padded to (0: the file's longest name).
     */
    record Names(String path, int vocabulary, List<String> classNames, int length) implements DataSpec {
        public Names {
            classNames = List.copyOf(classNames);
        }
    }

    /** The two-class "flower" of the planar-data tutorial: {@code points} 2-D points, labels 0/1 as floats. */
    record PlanarFlower(int points, long seed) implements DataSpec {
    }

    /** Inline tensors: {@code tensors(x=[[1.0], [2.0]], target=[[2.0], [4.0]])}, row-major. */
    record Tensors(float[] x, int[] xShape, float[] target, int[] targetShape, boolean classTargets)
            implements DataSpec {
    }
}
