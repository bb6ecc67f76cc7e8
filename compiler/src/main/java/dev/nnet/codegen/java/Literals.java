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
