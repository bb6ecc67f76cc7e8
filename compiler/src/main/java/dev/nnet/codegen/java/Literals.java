package dev.nnet.codegen.java;

import dev.nnet.ast.Expr;
import java.util.ArrayList;
import java.util.List;

/** Flattens nested list literals ({@code [[1.0], [2.0]]}) to Java array initializers, row-major. */
final class Literals {
    private Literals() {
    }

    static String values(Expr e) {
        List<String> out = new ArrayList<>();
        flatten(e, out);
        return String.join(", ", out);
    }

    /**
     * Several inputs' literals as one [samples, features] array whose rows put a sample's inputs side by side,
     * in the order given: the data rows of a model with several inputs.
     */
    static String rows(List<Expr> inputs) {
        List<List<String>> perInput = new ArrayList<>();
        int samples = -1;
        for (Expr e : inputs) {
            List<String> values = new ArrayList<>();
            flatten(e, values);
            int rows = e instanceof Expr.ListLit l ? l.elements().size() : 1;
            if (samples >= 0 && rows != samples || rows == 0) {
                throw new dev.nnet.lower.LoweringException(e.span(), "every input of `tensors(...)` needs one row per "
                        + "sample: found " + rows + " rows here and " + samples + " in the first input");
            }
            samples = rows;
            perInput.add(values);
        }
        List<String> out = new ArrayList<>();
        for (int s = 0; s < samples; s++) {
            for (List<String> values : perInput) {
                int width = values.size() / samples;
                out.addAll(values.subList(s * width, (s + 1) * width));
            }
        }
        return String.join(", ", out);
    }

    /** The shape of {@link #rows}: [samples, the features of every input together]. */
    static String rowsShape(List<Expr> inputs) {
        int samples = inputs.get(0) instanceof Expr.ListLit l ? l.elements().size() : 1;
        int features = 0;
        for (Expr e : inputs) {
            List<String> values = new ArrayList<>();
            flatten(e, values);
            features += values.size() / samples;
        }
        return samples + ", " + features;
    }

    static String shape(Expr e) {
        List<String> dims = new ArrayList<>();
        while (e instanceof Expr.ListLit l) {
            dims.add(Integer.toString(l.elements().size()));
            if (l.elements().isEmpty()) {
                break;
            }
            e = l.elements().get(0);
        }
        return String.join(", ", dims);
    }

    private static void flatten(Expr e, List<String> out) {
        if (e instanceof Expr.ListLit l) {
            l.elements().forEach(x -> flatten(x, out));
        } else {
            out.add(number(e) + "f");
        }
    }

    private static float number(Expr e) {
        if (e instanceof Expr.Negate n) {
            return -number(n.operand());
        }
        if (e instanceof Expr.FloatLit f) {
            return (float) f.value();
        }
        if (e instanceof Expr.IntLit i) {
            return i.value();
        }
        throw new dev.nnet.lower.LoweringException(e.span(), "expected a number in this literal");
    }
}
