package dev.nnet.lower;

import dev.nnet.check.TypedModel;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.Map;
import java.util.TreeSet;

/**
 * The code generator sizes every buffer as {@code perSample · batch + fixed}: the batch is the one size it leaves
 * to run time. A model input with another symbolic size (a sequence length {@code T}) is checked, but reported
 * here, at its declaration, until generated code takes a second run-time size.
 */
final class SizeSymbols {
    private SizeSymbols() {
    }

    /** The type with {@code symbol} set to 20, for the example in the message. */
    private static TensorType withValue(TensorType t, String symbol) {
        return t.withDims(t.dims().stream().map(d -> d.substitute(Map.of(symbol, Dim.of(20)))).toList());
    }

    static void requireOnlyTheBatch(TypedModel model, String batch) {
        for (Map.Entry<String, TensorType> input : model.inputs().entrySet()) {
            TreeSet<String> others = new TreeSet<>();
            for (Dim d : input.getValue().dims()) {
                others.addAll(d.symbols());
            }
            others.remove(batch);
            if (!others.isEmpty()) {
                String symbol = others.first();
                throw new LoweringException(model.component().inputs().get(input.getKey()).span(), "input `"
                        + input.getKey() + ": " + input.getValue() + "` has the symbolic size `" + symbol + "` besides "
                        + "the batch `" + batch + "`; the code generator leaves only the batch to run time yet, so give `"
                        + symbol + "` a value to compile it (e.g. `" + withValue(input.getValue(), symbol) + "`)");
            }
        }
    }
}
