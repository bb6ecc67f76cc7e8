package dev.nnet.check;

import dev.nnet.ast.Expr;
import dev.nnet.diag.Code;
import dev.nnet.diag.Diagnostics;
import dev.nnet.types.Dim;
import dev.nnet.types.ElemType;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Types of inline tensor literals such as {@code [[1.0], [2.0], [3.0]]}: int if every element is an integer. */
final class TensorLiterals {
    private TensorLiterals() {
    }

    static Optional<TensorType> type(Expr e, Diagnostics diags) {
        List<Dim> dims = new ArrayList<>();
        boolean[] isFloat = {false};
        if (!shape(e, 0, dims, isFloat, diags)) {
            return Optional.empty();
        }
        return Optional.of(new TensorType(isFloat[0] ? ElemType.FLOAT : ElemType.INT, dims));
    }

    private static boolean shape(Expr e, int depth, List<Dim> dims, boolean[] isFloat, Diagnostics diags) {
        if (e instanceof Expr.IntLit) {
            return leaf(e, depth, dims, diags);
        }
        if (e instanceof Expr.FloatLit) {
            isFloat[0] = true;
            return leaf(e, depth, dims, diags);
        }
        if (!(e instanceof Expr.ListLit l)) {
            if (!(e instanceof Expr.Missing)) {
                diags.report(Code.E0106, e.span(), "a tensor literal holds numbers and nested lists only");
            }
            return false;
        }
        if (depth == dims.size()) {
            dims.add(Dim.of(l.elements().size()));
        } else if (!dims.get(depth).equals(Dim.of(l.elements().size()))) {
            diags.report(Code.E0210, l.span(), "ragged tensor literal: this list has " + l.elements().size()
                    + " elements, its siblings have " + dims.get(depth), r -> r.help("give every row the same length"));
            return false;
        }
        if (l.elements().isEmpty()) {
            diags.report(Code.E0210, l.span(), "empty tensor literal");
            return false;
        }
        for (Expr item : l.elements()) {
            if (!shape(item, depth + 1, dims, isFloat, diags)) {
                return false;
            }
        }
        return true;
    }

    private static boolean leaf(Expr e, int depth, List<Dim> dims, Diagnostics diags) {
        if (depth != dims.size()) {
            diags.report(Code.E0210, e.span(), "ragged tensor literal: a number where a list of " + dims.get(depth)
                    + " was expected", r -> r.help("give every row the same nesting"));
            return false;
        }
        return true;
    }
}
