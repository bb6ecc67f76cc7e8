package dev.nnet.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.Diagnostic;
import dev.nnet.diag.SourceFile;
import dev.nnet.types.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checker behaviour seen from the outside: inferred types, block errors, symbols, train blocks. */
class CheckerTest {
    private static Compilation compile(String text) {
        return Driver.compile(new SourceFile("t.nnet", text));
    }

    private static List<Diagnostic> errors(Compilation c) {
        return c.diagnostics().stream().filter(Diagnostic::isError).toList();
    }

    @Test
    void symbolicBatchStaysSymbolic() {
        Compilation c = compile("""
                model M {
                  input x: [N, 1, 28, 28]
                  conv = conv2d(1, 10, kernel=5)
                  fc = linear(out=10)
                  forward(x) { return fc(flatten(max_pool2d(conv(x), 2))) }
                }
                """);
        assertEquals(List.of(), c.diagnostics());
        TypedModel m = c.typed().model("M").orElseThrow();
        assertEquals("[N, 10]", Value.describe(m.output()));
        // linear(out=10) inferred its input size from the first use: 10*12*12.
        assertEquals(1440 * 10 + 10, m.instance().layers().get("fc").parameterCount());
    }

    @Test
    void errorInsideBlockReportsTheBlockLineAndTheUseSite() {
        Compilation c = compile("""
                block Pair(c: int) {
                  a = conv2d(c, c, kernel=3, padding=1)
                  b = conv2d(16, c, kernel=3, padding=1)
                  forward(x) { return b(a(x)) }
                }
                model M {
                  input x: [N, 8, 10, 10]
                  p = Pair(8)
                  forward(x) { return p(x) }
                }
                """);
        List<Diagnostic> errors = errors(c);
        assertEquals(1, errors.size(), errors.toString());
        Diagnostic d = errors.get(0);
        assertEquals("E0201", d.code());
        assertEquals(4, d.span().line());
        assertTrue(d.labels().stream().anyMatch(l -> l.span().line() == 9 && l.message().contains("Pair(c=8)")),
                d.labels().toString());
    }

    @Test
    void errorThatDependsOnASymbolSaysSo() {
        Compilation c = compile("""
                model M {
                  input x: [N, H]
                  fc = linear(320, 10)
                  forward(x) { return fc(x) }
                }
                """);
        Diagnostic d = errors(c).get(0);
        assertEquals("E0201", d.code());
        assertTrue(d.notes().stream().anyMatch(n -> n.contains("symbol `H`")), d.notes().toString());
    }

    @Test
    void everyErrorInAFileIsReported() {
        Compilation c = compile("""
                model M {
                  input x: [N, 4]
                  a = linear(5, 3)
                  b = linaer(3, 2)
                  forward(x) { y = a(x) return b(y) + zz }
                }
                """);
        List<String> codes = errors(c).stream().map(Diagnostic::code).sorted().toList();
        assertEquals(List.of("E0101", "E0103", "E0201"), codes);
        Diagnostic unknown = errors(c).stream().filter(d -> d.code().equals("E0103")).findFirst().orElseThrow();
        assertEquals("did you mean `linear`?", unknown.help());
    }

    @Test
    void trainBlockBindsDataSizesToModelSymbols() {
        Compilation c = compile("""
                model Lin { input x: [N, 1]  fc = linear(1, 1)  forward(x) { return fc(x) } }
                train Lin {
                  data train = tensors(x=[[1.0], [2.0], [3.0]], target=[[2.0], [4.0], [6.0]])
                  batch full
                  loss mse(reduction=sum)
                  optimizer sgd(lr=0.01)
                  epochs 100
                }
                """);
        assertEquals(List.of(), c.diagnostics());
        assertTrue(c.typed().trains().get(0).lines().stream()
                .anyMatch(l -> l.contains("input [3, 1], target [3, 1] -> []")), c.typed().trains().toString());
    }

    @Test
    void modelOutputThatCannotFeedTheLossIsCaught() {
        Compilation c = compile("""
                model M { input x: [N, 8]  fc = linear(8, 1)  forward(x) { return fc(x) } }
                train M {
                  data train = mnist("train")
                  loss cross_entropy
                  optimizer adam(lr=0.001)
                  epochs 1
                }
                """);
        assertEquals(List.of("E0213"), errors(c).stream().map(Diagnostic::code).toList());
    }

    @Test
    void forwardMustTakeEveryDeclaredInput() {
        Compilation c = compile("""
                model M {
                  input x: [N, 4]
                  input lengths: int[N]
                  fc = linear(4, 2)
                  forward(x) { return fc(x) }
                }
                """);
        Diagnostic d = errors(c).get(0);
        assertEquals("E0105", d.code());
        assertTrue(d.message().contains("`lengths`"), d.message());
    }
}
