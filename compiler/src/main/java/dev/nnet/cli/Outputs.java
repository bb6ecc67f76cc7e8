package dev.nnet.cli;

import dev.nnet.Compilation;
import dev.nnet.check.TypedModel;
import dev.nnet.check.TrainSettings;
import dev.nnet.check.TypedTrain;
import dev.nnet.lower.Pipeline;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

    /**
     * Values per sample of the model's inputs, side by side as the data rows hold them: every size but the batch,
     * with the model's other sizes (a sequence length) as its data sets fix them.
     */
    static int inputSize(Compilation c) {
        TypedModel m = model(c);
        Map<String, Dim> sizes = sizes(c);
        int size = 0;
        for (TensorType t : m.inputs().values()) {
            size += perSample(t, sizes);
        }
        return size;
    }

    /** Values per sample of the model's output (a sequence model's: every step's). */
    static int outputSize(Compilation c) {
        return perSample(((Value.Tensor) model(c).output()).type(), sizes(c));
    }

    /** The output's last size: the classes of a classifier, the width of one output row. */
    static int outputWidth(Compilation c) {
        TensorType t = ((Value.Tensor) model(c).output()).type();
        return t.rank() == 0 ? 1 : perSample(new TensorType(t.elem(), List.of(t.dim(t.rank() - 1))), sizes(c));
    }

    /**
     * The batch as 1 and each other size symbol of the model's inputs at the largest value a data set of the train
     * block gives it, as the code generator compiles the model ({@code T} of hello-rnn's [T, N, 4] is 5).
     */
    private static Map<String, Dim> sizes(Compilation c) {
        TypedModel m = model(c);
        Map<String, Dim> sizes = new HashMap<>();
        sizes.put(Pipeline.batchSymbol(m), Dim.of(1));
        List<TensorType> declared = List.copyOf(m.inputs().values());
        for (TrainSettings.Data d : c.typed().trains().get(0).settings().data().values()) {
            for (int i = 0; i < Math.min(declared.size(), d.inputs().size()); i++) {
                TensorType want = declared.get(i);
                TensorType have = d.inputs().get(i);
                for (int k = 0; k < Math.min(want.rank(), have.rank()); k++) {
                    String name = want.dim(k).toString();
                    if (want.dim(k).isSymbol() && have.dim(k).isConstant() && !name.equals(Pipeline.batchSymbol(m))) {
                        sizes.merge(name, have.dim(k), (a, b) -> a.constantTerm() >= b.constantTerm() ? a : b);
                    }
                }
            }
        }
        return sizes;
    }

    private static int perSample(TensorType t, Map<String, Dim> sizes) {
        long size = 1;
        for (Dim d : t.dims()) {
            Dim bound = d.substitute(sizes);
            size *= bound.constant().orElseThrow(() -> new UsageException("shape " + t.shapeText() + " has a size "
                    + "that no data set of the train block fixes; `nnet predict` needs fixed sample shapes"));
        }
        return Math.toIntExact(size);
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
