package dev.nnet.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.Cancellation;
import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.Diagnostic;
import dev.nnet.diag.SourceFile;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Garbage input costs time linear in its size. Each case once took minutes (a list's {@code contains} per report,
 * ANTLR's lookahead over deep nesting); the bound here is deliberately generous, ten times the 1 s these inputs
 * take on a loaded 2-core machine, so it catches a return to quadratic cost without ever flaking. The diagnostic
 * counts pin the structure that keeps it linear.
 */
class LinearCheckingTest {
    private static final int MEGABYTE = 1 << 20;
    private static final long GENEROUS_NANOS = 10_000_000_000L;

    private static List<Diagnostic> checkWithinBound(String text) {
        long start = System.nanoTime();
        Compilation c = Driver.compile(new SourceFile("big.nnet", text));
        long took = System.nanoTime() - start;
        assertTrue(took < GENEROUS_NANOS, "checking took " + took / 1_000_000 + " ms");
        return c.diagnostics();
    }

    private static String repeat(int length, Supplier<Character> next) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(next.get());
        }
        return b.toString();
    }

    @Test
    void aMegabyteOfOneInvalidCharacterIsOneError() {
        List<Diagnostic> d = checkWithinBound("$".repeat(MEGABYTE));
        assertEquals(1, d.size());
        assertEquals("E0002", d.get(0).code());
        assertTrue(d.get(0).message().startsWith(MEGABYTE + " invalid characters"), d.get(0).message());
    }

    @Test
    void aMegabyteOfInvalidLinesIsOneErrorPerLine() {
        List<Diagnostic> d = checkWithinBound("$\n".repeat(MEGABYTE / 2));
        assertEquals(MEGABYTE / 2, d.size());
    }

    @Test
    void aMegabyteOfRandomPunctuationChecks() {
        Random random = new Random(12);
        String punctuation = "!@#$%^&*()[]{};:,.<>?/|\\~`-+=\n";
        checkWithinBound(repeat(MEGABYTE, () -> punctuation.charAt(random.nextInt(punctuation.length()))));
    }

    @Test
    void aMegabyteOfOpeningBracketsStopsAtTheNestingLimit() {
        List<Diagnostic> d = checkWithinBound("(".repeat(MEGABYTE));
        assertEquals(1, d.size());
        assertEquals("E0004", d.get(0).code());
        assertEquals(257, d.get(0).span().column());
    }

    @Test
    void twentyThousandNestedParenthesesAreRefusedBeforeParsing() {
        String deep = "(".repeat(20_000) + "x" + ")".repeat(20_000);
        List<Diagnostic> d = checkWithinBound("model M {\n  input x: [N, 4]\n  forward(x) { return " + deep
                + " }\n}\n");
        assertEquals(List.of("E0004"), d.stream().map(Diagnostic::code).toList());
    }

    @Test
    void nestingUpToTheLimitStillChecks() {
        String deep = "(".repeat(200) + "x" + ")".repeat(200);
        List<Diagnostic> d = checkWithinBound("model M {\n  input x: [N, 4]\n  forward(x) { return " + deep
                + " }\n}\n");
        assertEquals(List.of(), d);
    }

    @Test
    void aCheckStopsAtItsBudgetOrWhenCancelled() {
        SourceFile big = new SourceFile("big.nnet", "x = relu(x)\n".repeat(MEGABYTE / 12));
        Cancellation.Cancelled late = assertThrows(Cancellation.Cancelled.class,
                () -> Driver.compile(big, Cancellation.withBudget(0)));
        assertTrue(late.outOfTime());
        Cancellation cancel = Cancellation.withBudget(60_000);
        cancel.cancel();
        Cancellation.Cancelled cancelled = assertThrows(Cancellation.Cancelled.class, () -> Driver.compile(big,
                cancel));
        assertFalse(cancelled.outOfTime());
    }
}
