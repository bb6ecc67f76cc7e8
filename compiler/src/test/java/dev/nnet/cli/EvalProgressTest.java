package dev.nnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class EvalProgressTest {
    @Test
    void redrawsInPlaceAtMostTenTimesASecondAndClearsItself() {
        StringWriter text = new StringWriter();
        long[] now = {0};
        EvalProgress p = new EvalProgress(new PrintWriter(text, true), true, () -> now[0], "test", 10_000);
        now[0] = 150_000_000L;
        p.accept(1000);
        now[0] += 50_000_000L;
        p.accept(2000); // too soon: not drawn
        now[0] += 100_000_000L;
        p.accept(3000);
        p.clear();
        String bar1 = "evaluating test  1000/10000 samples (10%)";
        String bar3 = "evaluating test  3000/10000 samples (30%)";
        assertEquals("\r" + bar1 + "\r" + bar3 + "\r" + " ".repeat(bar3.length()) + "\r", text.toString());
    }

    @Test
    void offATerminalItPrintsNothing() {
        StringWriter text = new StringWriter();
        EvalProgress p = new EvalProgress(new PrintWriter(text, true), false, () -> Long.MAX_VALUE, "train", 10);
        p.accept(5);
        p.clear();
        assertEquals("", text.toString());
    }
}
