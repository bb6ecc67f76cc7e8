package dev.nnet.ops;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every built-in tensor op, by the name users write. The one list to extend when adding an op. */
public final class Catalogue {
    private static final Map<String, Op> OPS = new TreeMap<>();

    static {
        for (Op op : List.<Op>of(
                new Linear(),
                new Conv2d(),
                new MaxPool2d(),
                new AvgPool2d(),
                new Relu(),
                new Sigmoid(),
                new Tanh(),
                new Softmax(),
                new LogSoftmax(),
                new Flatten(),
                new View(),
                new Reshape(),
                new Transpose(),
                new TransposeMatrix(),
                new Dropout(),
                new Concat("concat"),
                new Concat("cat"),
                new Stack(),
                new Zeros("zeros"),
                new Zeros("ones"),
                new BatchNorm(),
                new Embedding(),
                new RnnCell(),
                new Rnn(),
                new Gru(),
                new Lstm(),
                new MseLoss(),
                new BceLoss(),
                new BceWithLogitsLoss(),
                new CrossEntropyLoss(),
                new NllLoss())) {
            OPS.put(op.name(), op);
        }
    }

    private Catalogue() {
    }

    public static Optional<Op> lookup(String name) {
        return Optional.ofNullable(OPS.get(name));
    }

    public static Collection<Op> all() {
        return OPS.values();
    }
}
