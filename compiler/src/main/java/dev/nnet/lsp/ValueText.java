package dev.nnet.lsp;

import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.List;
import java.util.Locale;

/** How hover writes inferred values: tensors always with their element type, {@code float[N, 10]}. */
final class ValueText {
    private ValueText() {
    }

    static String of(Value v) {
        if (v instanceof Value.Tensor t) {
            return tensor(t.type());
        }
        if (v instanceof Value.Seq s) {
            String inner = String.join(", ", s.items().stream().map(ValueText::of).toList());
            return s.tuple() ? "(" + inner + ")" : "[" + inner + "]";
        }
        if (v instanceof Value.Unknown) {
            return "unknown (see the error above it)";
        }
        if (v instanceof Value.LayerRef l) {
            return "layer " + l.name();
        }
        return Value.describe(v);
    }

    static String tensor(TensorType t) {
        return t.elem().keyword() + t.shapeText();
    }

    /** The item at an index path into nested tuples, e.g. {@code [1, 0]} is {@code h} in {@code out, (h, c)}. */
    static Value part(Value v, List<Integer> path) {
        Value current = v;
        for (int i : path) {
            if (!(current instanceof Value.Seq s) || i >= s.items().size()) {
                return Value.UNKNOWN;
            }
            current = s.items().get(i);
        }
        return current;
    }

    /** {@code 41,514}, as {@code nnetc summary} prints counts. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
