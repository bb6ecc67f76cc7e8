package dev.nnet.check;

import static dev.nnet.ops.ParamSpec.optional;
import static dev.nnet.ops.ParamSpec.required;

import dev.nnet.ops.ArgKind;
import dev.nnet.ops.ParamSpec;
import dev.nnet.ops.Signature;
import dev.nnet.types.Value;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signatures of what a train block may name: data sources, transforms, optimizers and initializers. Their
 * behaviour lives in the runtime; the checker needs only their parameters and, for data, the sample types.
 * The public accessors give the language server the same tables for completion and hover.
 */
public final class TrainBuiltins {
    private TrainBuiltins() {
    }

    static final ParamSpec TRANSFORMS = ParamSpec.absent("transforms", ArgKind.CONFIGS,
            "transforms applied to each sample, in order");

    static final Map<String, Signature> DATA = new TreeMap<>(Map.of(
            "mnist", Signature.of(ParamSpec.word("split", null, List.of("train", "test"), "which half of MNIST"),
                    TRANSFORMS, optional("root", ArgKind.STRING, new Value.Str("data/mnist"), "folder of IDX files")),
            "fashion_mnist", Signature.of(ParamSpec.word("split", null, List.of("train", "test"), "which half"),
                    TRANSFORMS, optional("root", ArgKind.STRING, new Value.Str("data/fashion-mnist"), "folder")),
            "cifar10", Signature.of(ParamSpec.word("split", null, List.of("train", "test"), "which part of CIFAR-10"),
                    TRANSFORMS, optional("root", ArgKind.STRING, new Value.Str("data/cifar10"),
                            "folder of the binary batches, their cifar-10-batches-bin, or cifar-10-binary.tar.gz")),
            "csv", Signature.of(required("path", ArgKind.STRING, "CSV file, one sample per row"),
                    optional("label", -1, "column of the target (negative counts from the end)"),
                    optional("header", false, "skip the first row"),
                    ParamSpec.absent("features", ArgKind.INT, "feature columns (default: model's)"),
                    ParamSpec.word("target", "float", List.of("float", "int"), "float [N, 1] or class index [N]")),
            "planar_flower", Signature.of(optional("points", 400, "number of points"),
                    optional("seed", 1, "numpy seed of the generator")),
            "names", Signature.of(required("path", ArgKind.STRING, "CSV of name,label rows (gzip allowed)"),
                    optional("vocabulary", 128, "characters are ASCII codes below this"))));

    static final Map<String, Signature> TRANSFORM = Map.of(
            "normalize", Signature.of(required("mean", ArgKind.FLOAT, "subtracted"),
                    required("std", ArgKind.FLOAT, "divided by")),
            "pad", Signature.of(required("padding", ArgKind.INT, "zeros added on each side of an image")),
            "scale", Signature.of(required("factor", ArgKind.FLOAT, "multiplies every value")));

    static final Map<String, Signature> OPTIMIZERS = Map.of(
            "sgd", Signature.of(required("lr", ArgKind.FLOAT, "learning rate"), optional("momentum", 0.0, ""),
                    optional("dampening", 0.0, ""), optional("weight_decay", 0.0, "L2 penalty"),
                    optional("nesterov", false, "Nesterov momentum")),
            "adam", Signature.of(optional("lr", 0.001, "learning rate"),
                    optional("betas", ArgKind.FLOATS, new Value.Seq(List.of(new Value.Float(0.9),
                            new Value.Float(0.999)), true), "running-average coefficients"),
                    optional("eps", 1e-8, ""), optional("weight_decay", 0.0, ""), optional("amsgrad", false, "")),
            "rmsprop", Signature.of(optional("lr", 0.01, "learning rate"), optional("alpha", 0.99, "smoothing"),
                    optional("eps", 1e-8, ""), optional("weight_decay", 0.0, ""), optional("momentum", 0.0, ""),
                    optional("centered", false, "")));

    static final Map<String, Signature> INITS = Map.of(
            "normal", Signature.of(optional("mean", 0.0, ""), optional("std", 1.0, "")),
            "uniform", Signature.of(optional("a", 0.0, "lower bound"), optional("b", 1.0, "upper bound")),
            "constant", Signature.of(required("value", ArgKind.FLOAT, "every element")),
            "zeros", Signature.of(),
            "ones", Signature.of(),
            "xavier_uniform", Signature.of(optional("gain", 1.0, "")),
            "kaiming_uniform", Signature.of(optional("a", 0.0, "negative slope of the following rectifier")));

    /** Data sources by name ({@code mnist}, {@code csv}, ...), besides the inline {@code tensors(...)}. */
    public static Map<String, Signature> dataSources() {
        return java.util.Collections.unmodifiableMap(DATA);
    }

    /** Transforms a data source applies to each sample ({@code normalize}, {@code pad}, {@code scale}). */
    public static Map<String, Signature> transforms() {
        return TRANSFORM;
    }

    public static Map<String, Signature> optimizers() {
        return OPTIMIZERS;
    }

    /** Parameter initializers for {@code init NAME = ...}. */
    public static Map<String, Signature> initializers() {
        return INITS;
    }

    public static List<String> batchFlags() {
        return BATCH_FLAGS;
    }

    /** Units of a cadence: {@code every 300 batches}, {@code every epoch}. */
    public static List<String> units() {
        return UNITS;
    }

    public static List<String> metrics() {
        return METRICS;
    }

    static final List<String> BATCH_FLAGS = List.of("shuffle", "drop_last");
    static final List<String> UNITS = List.of("batch", "batches", "step", "steps", "epoch", "epochs");
    static final List<String> METRICS = List.of("accuracy", "loss");
}
