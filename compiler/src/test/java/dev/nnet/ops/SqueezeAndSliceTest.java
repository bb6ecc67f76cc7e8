package dev.nnet.ops;

import static dev.nnet.ops.OpTesting.kw;
import static dev.nnet.ops.OpTesting.none;
import static dev.nnet.ops.OpTesting.run;
import static dev.nnet.ops.OpTesting.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.ast.Expr;
import dev.nnet.check.Fact;
import dev.nnet.diag.SourceFile;
import dev.nnet.lower.LoweringException;
import dev.nnet.lower.Pipeline;
import dev.nnet.types.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqueezeAndSliceTest {
    @Test
    void unsqueezeInsertsASizeOneDimension() {
        assertEquals("[N, 1, 28, 28]", run("unsqueeze", kw("dim", 1), tensor("[N, 28, 28]")).shape());
        assertEquals("[N, 28, 28, 1]", run("unsqueeze", kw("dim", -1), tensor("[N, 28, 28]")).shape());
        assertEquals("[N, 28, 28, 1]", run("unsqueeze", kw("dim", 3), tensor("[N, 28, 28]")).shape());
        assertEquals("[1, N, 8]", run("unsqueeze", kw("dim", 0), tensor("[N, 8]")).shape());
        run("unsqueeze", kw("dim", 4), tensor("[N, 28, 28]")).only("E0211");
        run("unsqueeze", kw("dim", -5), tensor("[N, 28, 28]")).only("E0211");
    }

    @Test
    void squeezeRemovesOnlyASizeOneDimension() {
        assertEquals("[N, 10]", run("squeeze", kw("dim", 1), tensor("[N, 1, 10]")).shape());
        assertEquals("[N, 10]", run("squeeze", kw("dim", -2), tensor("[N, 1, 10]")).shape());
        assertEquals("[N, 10]", run("squeeze", none(), tensor("[1, N, 1, 10]")).shape());
        // PyTorch ignores a squeeze of another size; nnet reports it, with the size-1 dimension as the fix.
        var d = run("squeeze", kw("dim", 2), tensor("[N, 1, 10]")).only("E0218");
        assertEquals("1", d.fix().replacement());
        run("squeeze", kw("dim", 0), tensor("[N, 1, 10]")).only("E0218");
        run("squeeze", kw("dim", 3), tensor("[N, 1, 10]")).only("E0211");
    }

    @Test
    void slicesKeepRangesAndDropIndices() {
        List<String> shapes = shapes("""
                model M {
                  input y: [N, 10, 6]
                  input s: [T, N, 16]
                  forward(y, s) {
                    a = y[:, 2:6, 1:5]
                    b = y[:, 3]
                    c = y[:, -3:, :-1]
                    d = s[-1, :, :]
                    e = s[1:, :, 4:]
                    f = s[:-2]
                    g = y[:, 8:100]
                    return a
                  }
                }
                """);
        assertEquals(List.of("[N, 4, 4]", "[N, 6]", "[N, 3, 5]", "[N, 16]", "[T-1, N, 12]", "[T-2, N, 16]",
                "[N, 2, 6]"), shapes);
    }

    @Test
    void squeezeAndUnsqueezeLowerToReshapes() {
        Compilation c = Driver.compile(new SourceFile("lower.nnet", """
                model Cnn {
                  input x: [N, 28, 28]
                  conv = conv2d(1, 4, kernel=3)
                  fc = linear(2704, 10)
                  forward(x) {
                    y = flatten(conv(x.unsqueeze(1))).unsqueeze(2)
                    return fc(y.squeeze(2))
                  }
                }
                """));
        assertFalse(c.hasErrors(), c.diagnostics().toString());
        var predict = Pipeline.lower(c).model("Cnn").predict().graph();
        List<String> reshaped = predict.nodesOf(dev.nnet.ir.op.Reshape.class).stream()
                .map(n -> n.type().toString()).toList();
        assertEquals(List.of("[N, 1, 28, 28]", "[N, 2704]", "[N, 2704, 1]", "[N, 2704]"), reshaped);
    }

    /** An index lowers to a one-element slice and a reshape that drops its axis. */
    @Test
    void slicingLowersToSliceAndReshape() {
        Compilation c = Driver.compile(new SourceFile("slice.nnet", """
                model Pick {
                  input y: [N, 10, 6]
                  fc = linear(6, 2)
                  forward(y) { return fc(y[:, -1, :]) + fc(y[:, 2:4, :])[:, 0, :] }
                }
                """));
        assertFalse(c.hasErrors(), c.diagnostics().toString());
        var predict = Pipeline.lower(c).models().get(0).predict().graph();
        List<String> slices = predict.nodesOf(dev.nnet.ir.op.Slice.class).stream().map(n -> n.op().attributes()
                + " : " + n.type()).toList();
        assertEquals(List.of("axis=1 start=9 length=1 : [N, 1, 6]", "axis=1 start=2 length=2 : [N, 2, 6]",
                "axis=1 start=0 length=1 : [N, 1, 2]"), slices);
    }

    /** A bare index of a tensor is the slice x[k]: one element of dimension 0, removed. */
    @Test
    void aBareIndexLowersToASliceOfDimensionZero() {
        Compilation c = Driver.compile(new SourceFile("index.nnet", """
                model Last {
                  input x: [3, N, 4]
                  fc = linear(4, 2)
                  forward(x) { return fc(x[-1]) }
                }
                """));
        assertFalse(c.hasErrors(), c.diagnostics().toString());
        var predict = Pipeline.lower(c).models().get(0).predict().graph();
        assertEquals(List.of("axis=0 start=2 length=1 : [1, N, 4]"), predict.nodesOf(dev.nnet.ir.op.Slice.class)
                .stream().map(n -> n.op().attributes() + " : " + n.type()).toList());
    }

    /** The types of the slice expressions of a program that checks clean, in source order. */
    private static List<String> shapes(String program) {
        Compilation c = Driver.compile(new SourceFile("slices.nnet", program));
        assertFalse(c.hasErrors(), c.diagnostics().toString());
        return c.typed().models().get(0).facts().stream().filter(f -> f.expr() instanceof Expr.Slice)
                .sorted((x, y) -> Integer.compare(x.expr().span().start(), y.expr().span().start()))
                .map(Fact::value).map(Value::describe).toList();
    }
}
