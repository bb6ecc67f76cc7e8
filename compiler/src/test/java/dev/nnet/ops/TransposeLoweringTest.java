package dev.nnet.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.SourceFile;
import dev.nnet.ir.Graph;
import dev.nnet.ir.IrParser;
import dev.nnet.ir.IrPrinter;
import dev.nnet.lower.Pipeline;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code transpose} and {@code t()} lower to one IR transpose with its axes in order; no-op forms to a reshape. */
class TransposeLoweringTest {
    @Test
    void transposeAndTLowerToOneCopyEach() {
        Graph predict = predict("""
                model Swap {
                  input x: [N, 4, 3]
                  fc = linear(4, 2)
                  forward(x) { return fc(x.transpose(-1, 1)) + fc(x.transpose(2, 2).transpose(1, 2)) }
                }
                """);
        List<String> swaps = predict.nodesOf(dev.nnet.ir.op.Transpose.class).stream()
                .map(n -> n.op().attributes() + " : " + n.input(0).type() + " -> " + n.type()).toList();
        assertEquals(List.of("axes=1,2 : [N, 4, 3] -> [N, 3, 4]", "axes=1,2 : [N, 4, 3] -> [N, 3, 4]"), swaps);
        String text = IrPrinter.print(predict);
        assertEquals(text, IrPrinter.print(IrParser.parse(text)), "the text form reads back");
    }

    @Test
    void tOfAMatrixAndOfTokenIds() {
        Graph predict = predict("""
                model Tokens {
                  input ids: int[N, 7]
                  input x: [N, 5]
                  forward(ids, x) {
                    steps = ids.t()
                    return x.t().t()
                  }
                }
                """);
        List<String> swaps = predict.nodesOf(dev.nnet.ir.op.Transpose.class).stream()
                .map(n -> n.input(0).type() + " -> " + n.type()).toList();
        assertEquals(List.of("[N, 5] -> [5, N]", "[5, N] -> [N, 5]"), swaps);
    }

    private static Graph predict(String program) {
        Compilation c = Driver.compile(new SourceFile("swap.nnet", program));
        assertFalse(c.hasErrors(), c.diagnostics().toString());
        return Pipeline.lower(c).models().get(0).predict().graph();
    }
}
