package dev.nnet.cli;

import dev.nnet.Compilation;
import dev.nnet.check.TypedModel;
import dev.nnet.check.TypedTrain;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.Locale;

/** What {@code nnet eval} and {@code nnet predict} need to know about the trained model's input, output and loss. */
final class Outputs {
    private Outputs() {
    }

    static TypedModel model(Compilation c) {
        TypedTrain train = c.typed().trains().get(0);
        return c.typed().model(train.model()).orElseThrow();
    }

    static String loss(Compilation c) {
        return c.typed().trains().get(0).settings().loss().op().name();
    }

    /** Losses whose targets are classes, so accuracy means something. */
    static boolean classification(Compilation c) {
        String loss = loss(c);
        return loss.equals("cross_entropy") || loss.equals("nll") || loss.startsWith("bce");
    }

    /** Values per sample of the model's input; the model must have one input. */
    static int inputSize(Compilation c) {
        TypedModel m = model(c);
        if (m.inputs().size() != 1) {
            throw new UsageException("model " + m.name() + " has " + m.inputs().size() + " inputs; `nnet predict` "
                    + "runs models with one input");
        }
        return perSample(m.inputs().values().iterator().next());
    }

    static int outputSize(Compilation c) {
        return perSample(((Value.Tensor) model(c).output()).type());
    }

    private static int perSample(TensorType t) {
        int size = 1;
        for (int i = 1; i < t.rank(); i++) {
            Dim d = t.dim(i);
            size *= d.constant().orElseThrow(() -> new UsageException("shape " + t.shapeText()
                    + " has a symbolic dimension besides the batch; `nnet predict` needs fixed sample shapes")).intValue();
        }
        return size;
    }

    /** A float as a person reads it: up to 6 significant digits, no trailing zeros. */
    static String number(float v) {
        String s = String.format(Locale.ROOT, "%.6g", v);
        if (s.contains("e") || !s.contains(".")) {
            return s;
        }
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }

    static String vector(float[] values, int offset, int count) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : ", ").append(number(values[offset + i]));
        }
        return sb.append(']').toString();
    }
}
