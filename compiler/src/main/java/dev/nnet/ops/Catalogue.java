package dev.nnet.ops;

import dev.nnet.ops.conv.Conv2d;
import dev.nnet.ops.linear.Linear;
import dev.nnet.ops.loss.BceLoss;
import dev.nnet.ops.loss.BceWithLogitsLoss;
import dev.nnet.ops.loss.CrossEntropyLoss;
import dev.nnet.ops.loss.MseLoss;
import dev.nnet.ops.loss.NllLoss;
import dev.nnet.ops.norm.BatchNorm;
import dev.nnet.ops.pointwise.Activations;
import dev.nnet.ops.pointwise.Dropout;
import dev.nnet.ops.pool.AvgPool2d;
import dev.nnet.ops.pool.MaxPool2d;
import dev.nnet.ops.recurrent.Embedding;
import dev.nnet.ops.recurrent.Gru;
import dev.nnet.ops.recurrent.Lstm;
import dev.nnet.ops.recurrent.Rnn;
import dev.nnet.ops.recurrent.RnnCell;
import dev.nnet.ops.shape.Concat;
import dev.nnet.ops.shape.Contiguous;
import dev.nnet.ops.shape.Flatten;
import dev.nnet.ops.shape.Reshape;
import dev.nnet.ops.shape.Squeeze;
import dev.nnet.ops.shape.Stack;
import dev.nnet.ops.shape.Transpose;
import dev.nnet.ops.shape.TransposeMatrix;
import dev.nnet.ops.shape.Unsqueeze;
import dev.nnet.ops.shape.View;
import dev.nnet.ops.shape.Zeros;
import dev.nnet.ops.softmax.LogSoftmax;
import dev.nnet.ops.softmax.Softmax;
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
                new Softmax(),
                new LogSoftmax(),
                new Flatten(),
                new Squeeze(),
                new Unsqueeze(),
                new View(),
                new Reshape(),
                new Contiguous(),
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
        for (Op op : Activations.all()) {
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
