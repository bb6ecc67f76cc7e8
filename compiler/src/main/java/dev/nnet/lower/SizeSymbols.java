package dev.nnet.lower;

import dev.nnet.check.TrainSettings;
import dev.nnet.check.TypedModel;
import dev.nnet.check.TypedTrain;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The code generator sizes every buffer as {@code perSample · batch + fixed}: the batch is the one size it leaves
 * to run time. A model input's other symbolic sizes (a sequence length {@code T}) take the largest value the train
 * block's data gives them, and the model is compiled for it: inline {@code tensors(x=[[1, 0, 2, 2, 3]])} makes T
 * 5; {@code names("...")} pads to its files' longest name. Recurrent layers with lengths still run only as many
 * steps as a batch's longest sequence. A size no data fixes is reported at the input's declaration.
 */
final class SizeSymbols {
    private SizeSymbols() {
    }

    /** The type with {@code symbol} set to 20, for the example in the message. */
    private static TensorType withValue(TensorType t, String symbol) {
        return t.withDims(t.dims().stream().map(d -> d.substitute(Map.of(symbol, Dim.of(20)))).toList());
    }

    /**
     * A sequence-first input [T, N, F] reaches the trainer as T data rows, each the whole batch at one step; only
     * {@code batch full} without shuffling keeps every row of a sequence together and in order.
     */
    static void requireWholeSequences(TypedModel model, String batch, TypedTrain train) {
        TensorType first = model.inputs().values().iterator().next();
        boolean sequenceFirst = first.rank() > 1 && !first.dim(0).equals(Dim.sym(batch));
        if (sequenceFirst && (train.settings().batch() != -1 || train.settings().shuffle())) {
            throw new LoweringException(train.item().span(), "model `" + model.name() + "` reads its input `"
                    + model.inputs().keySet().iterator().next() + ": " + first + "` sequence-first, so its data rows "
                    + "are time steps of the whole batch; train it with `batch full` and no `shuffle`, or declare the "
                    + "input batch-first ([" + batch + ", ...]) with `batch_first=true` on its recurrent layers");
        }
    }

    /**
     * The generated code takes one data row per sample, every input's values side by side; an input that does not
     * lead with the batch has no per-sample row to share, so with several inputs each must be batch-first.
     */
    static void requireBatchFirstWhenSeveral(TypedModel model, String batch) {
        if (model.inputs().size() < 2) {
            return;
        }
        for (Map.Entry<String, TensorType> input : model.inputs().entrySet()) {
            TensorType t = input.getValue();
            if (t.rank() == 0 || !t.dim(0).equals(Dim.sym(batch))) {
                throw new LoweringException(model.component().inputs().get(input.getKey()).span(), "input `"
                        + input.getKey() + ": " + t + "` does not lead with the batch `" + batch + "`, and model `"
                        + model.name() + "` has " + model.inputs().size() + " inputs; the code generator gives "
                        + "several inputs one data row per sample, so declare each batch-first ([" + batch
                        + ", ...]) and transpose inside `forward` (e.g. `" + input.getKey() + ".t()`)");
            }
        }
    }

    /** The value of every symbol of the model's inputs besides the batch, from the data of its train blocks. */
    static Map<String, Dim> bind(TypedModel model, String batch, List<TypedTrain> trains) {
        Map<String, Dim> fromData = new LinkedHashMap<>();
        for (TypedTrain t : trains) {
            if (!t.model().equals(model.name())) {
                continue;
            }
            for (TrainSettings.Data d : t.settings().data().values()) {
                List<TensorType> given = d.inputs();
                int i = 0;
                for (TensorType want : model.inputs().values()) {
                    if (i < given.size() && given.get(i) != null && given.get(i).rank() == want.rank()) {
                        for (int a = 0; a < want.rank(); a++) {
                            Dim have = given.get(i).dim(a);
                            if (want.dim(a).isSymbol() && have.isConstant()) {
                                fromData.merge(want.dim(a).toString(), have,
                                        (x, y) -> x.constantTerm() >= y.constantTerm() ? x : y);
                            }
                        }
                    }
                    i++;
                }
            }
        }
        Map<String, Dim> bound = new LinkedHashMap<>();
        for (Map.Entry<String, TensorType> input : model.inputs().entrySet()) {
            TreeSet<String> others = new TreeSet<>();
            for (Dim d : input.getValue().dims()) {
                others.addAll(d.symbols());
            }
            others.remove(batch);
            for (String symbol : others) {
                Dim value = fromData.get(symbol);
                if (value == null) {
                    throw new LoweringException(model.component().inputs().get(input.getKey()).span(), "input `"
                            + input.getKey() + ": " + input.getValue() + "` has the symbolic size `" + symbol
                            + "` besides the batch `" + batch + "`, and no inline data of a train block fixes it; "
                            + "the code generator leaves only the batch to run time yet, so give `" + symbol
                            + "` a value to compile it (e.g. `" + withValue(input.getValue(), symbol) + "`)");
                }
                bound.put(symbol, value);
            }
        }
        return bound;
    }
}
