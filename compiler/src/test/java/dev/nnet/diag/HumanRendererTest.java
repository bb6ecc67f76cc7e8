package dev.nnet.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HumanRendererTest {
    static final String CNN = String.join("\n",
            "model MnistCnn {",
            "  input x: [N, 1, 28, 28]",
            "",
            "  conv1 = conv2d(1, 16, kernel=5)",
            "  conv2 = conv2d(16, 16, kernel=5)",
            "  pool  = max_pool2d(2)",
            "  fc    = linear(320, 10)",
            "",
            "  forward(x) {",
            "    x = relu(pool(conv1(x)))",
            "    x = relu(pool(conv2(x)))",
            "    x = relu(x)",
            "",
            "    return fc(flatten(x))",
            "  }",
            "}",
            "");

    /** The span of the first occurrence of {@code needle} in the file. */
    static Span find(SourceFile f, String needle) {
        int at = f.text().indexOf(needle);
        if (at < 0) {
            throw new AssertionError("not in source: " + needle);
        }
        return f.span(at, at + needle.length());
    }

    static Diagnostic error(Span span, String message, String spanLabel, List<Label> labels, List<String> notes,
                            String help) {
        return new Diagnostic(Severity.ERROR, "E0201", span, message, spanLabel, labels, notes, help, null);
    }

    @Test
    void rendersTheDesignExampleWithALabelOnAnEarlierLine() {
        SourceFile f = new SourceFile("samples/mnist/cnn.nnet", CNN);
        Diagnostic d = error(find(f, "fc(flatten(x))"), "linear `fc` expects 320 input features, found 400",
                "input has shape [N, 400]", List.of(new Label(find(f, "320"), "in_features = 320 declared here")),
                List.of("flatten([N, 16, 5, 5]) gives [N, 400]"), "declare `fc = linear(400, 10)` on line 7");
        String expected = String.join("\n",
                "error[E0201]: linear `fc` expects 320 input features, found 400",
                "  --> samples/mnist/cnn.nnet:14:12",
                "   |",
                " 7 |   fc    = linear(320, 10)",
                "   |                  --- in_features = 320 declared here",
                "...",
                "14 |     return fc(flatten(x))",
                "   |            ^^^^^^^^^^^^^^ input has shape [N, 400]",
                "   |",
                "   = note: flatten([N, 16, 5, 5]) gives [N, 400]",
                "   = help: declare `fc = linear(400, 10)` on line 7",
                "");
        assertEquals(expected, HumanRenderer.render(d, f, false));
    }

    @Test
    void singleLineWithoutNotesHasNoTrailingBar() {
        SourceFile f = new SourceFile("a.nnet", "const A = 1 + x\n");
        Diagnostic d = new Diagnostic(Severity.ERROR, "E0101", find(f, "x"), "undefined name `x`", "not found",
                List.of(), List.of(), null, null);
        assertEquals(String.join("\n",
                "error[E0101]: undefined name `x`",
                " --> a.nnet:1:15",
                "  |",
                "1 | const A = 1 + x",
                "  |               ^ not found",
                ""), HumanRenderer.render(d, f, false));
    }

    @Test
    void oneLineGapIsShownInsteadOfDots() {
        SourceFile f = new SourceFile("a.nnet", "a\nb\nc\n");
        Diagnostic d = error(find(f, "c"), "m", "", List.of(new Label(find(f, "a"), "here")), List.of(), null);
        String out = HumanRenderer.render(d, f, false);
        assertTrue(out.contains("1 | a\n  | - here\n2 | b\n3 | c\n  | ^\n"), out);
        assertFalse(out.contains("..."), out);
    }

    @Test
    void labelsOnTheSameLineAreOrderedByColumn() {
        SourceFile f = new SourceFile("a.nnet", "y = add(a, b)\n");
        Diagnostic d = error(f.span(11, 12), "m", "this", List.of(new Label(f.span(8, 9), "that")), List.of(), null);
        assertTrue(HumanRenderer.render(d, f, false).contains(
                "1 | y = add(a, b)\n  |         - that\n  |            ^ this\n"));
    }

    @Test
    void warningHeaderAndSingleWarningSummary() {
        SourceFile f = new SourceFile("w.nnet", "fc = linear(4, 2)\n");
        Diagnostic d = new Diagnostic(Severity.WARNING, "W0301", find(f, "fc"), "unused layer `fc`", "", List.of(),
                List.of(), null, null);
        assertTrue(HumanRenderer.render(d, f, false).startsWith("warning[W0301]: unused layer `fc`\n"));
        assertEquals("warning: `w.nnet` generated 1 warning\n", HumanRenderer.summary("w.nnet", 0, 1, false));
    }

    @Test
    void summaryWording() {
        assertEquals("error: could not compile `a.nnet` due to 1 previous error\n",
                HumanRenderer.summary("a.nnet", 1, 0, false));
        assertEquals("error: could not compile `a.nnet` due to 3 previous errors; 2 warnings emitted\n",
                HumanRenderer.summary("a.nnet", 3, 2, false));
        assertEquals("", HumanRenderer.summary("a.nnet", 0, 0, false));
    }

    @Test
    void zeroWidthSpanAtEndOfFileGetsOneCaret() {
        String text = "model M {";
        SourceFile f = new SourceFile("eof.nnet", text);
        Diagnostic d = error(f.span(text.length(), text.length()), "unexpected end of file", "the file ends here",
                List.of(), List.of(), null);
        assertTrue(HumanRenderer.render(d, f, false).contains(
                " --> eof.nnet:1:10\n  |\n1 | model M {\n  |          ^ the file ends here\n"));
    }

    @Test
    void tabsExpandToFourSpacesAndCaretsFollow() {
        SourceFile f = new SourceFile("t.nnet", "\tx =\t@\n");
        Diagnostic d = error(find(f, "@"), "invalid character", "", List.of(), List.of(), null);
        String out = HumanRenderer.render(d, f, false);
        assertTrue(out.contains("1 |     x =    @\n  |            ^\n"), out);
        assertFalse(out.contains("\t"), out);
        assertTrue(out.contains(" --> t.nnet:1:6\n"), "location keeps the character column: " + out);
    }

    @Test
    void multiLineSpanIsUnderlinedToTheEndOfItsFirstLine() {
        SourceFile f = new SourceFile("m.nnet", "x = f(a,\n      b)\n");
        Diagnostic d = error(f.span(4, f.text().indexOf(')') + 1), "m", "call", List.of(), List.of(), null);
        assertTrue(HumanRenderer.render(d, f, false).contains("1 | x = f(a,\n  |     ^^^^ call\n"));
    }

    @Test
    void multiLineNotesAlignUnderTheirFirstLine() {
        SourceFile f = new SourceFile("a.nnet", "x\n");
        Diagnostic d = error(find(f, "x"), "m", "", List.of(), List.of("one\ntwo"), null);
        assertTrue(HumanRenderer.render(d, f, false).contains("  = note: one\n          two\n"));
    }

    @Test
    void colourOnlyWhenAsked() {
        SourceFile f = new SourceFile("samples/mnist/cnn.nnet", CNN);
        Diagnostic d = error(find(f, "fc(flatten(x))"), "m", "here", List.of(new Label(find(f, "320"), "decl")),
                List.of("n"), "h");
        String plain = HumanRenderer.render(d, f, false);
        String coloured = HumanRenderer.render(d, f, true);
        assertFalse(plain.contains("\u001b"));
        assertTrue(coloured.startsWith("\u001b[1;31merror[E0201]\u001b[0m"), coloured);
        assertTrue(coloured.contains("\u001b[1;34m -->") || coloured.contains("\u001b[1;34m-->"), coloured);
        assertTrue(coloured.contains("\u001b[1;31m^^^^^^^^^^^^^^ here\u001b[0m"), coloured);
        assertTrue(coloured.contains("\u001b[1;34m--- decl\u001b[0m"), coloured);
        assertEquals(plain, coloured.replaceAll("\u001b\\[[0-9;]*m", ""), "colour adds escapes, nothing else");
        Diagnostic w = new Diagnostic(Severity.WARNING, "W0301", find(f, "fc"), "m", "", List.of(), List.of(),
                null, null);
        assertTrue(HumanRenderer.render(w, f, true).startsWith("\u001b[1;33mwarning[W0301]"));
    }

    @Test
    void renderAllSeparatesDiagnosticsWithABlankLine() {
        SourceFile f = new SourceFile("a.nnet", "a b\n");
        Diagnostic one = error(find(f, "a"), "first", "", List.of(), List.of(), null);
        Diagnostic two = error(find(f, "b"), "second", "", List.of(), List.of(), null);
        String out = HumanRenderer.renderAll(List.of(one, two), f, false);
        assertTrue(out.contains("  | ^\n\nerror[E0201]: second\n"), out);
        assertTrue(out.endsWith("^\n\n"), out);
    }

    @Test
    void aLongLineIsCutToAWindowAroundItsSpanWithEllipses() {
        String junk = "x".repeat(1_000_000);
        SourceFile f = new SourceFile("long.nnet", junk + "$" + junk + "\n");
        Span dollar = f.span(1_000_000, 1_000_001);
        String out = HumanRenderer.render(error(dollar, "invalid character `$`", "here", List.of(), List.of(), null),
                f, false);
        String shown = "x".repeat(40) + "$" + "x".repeat(HumanRenderer.MAX_LINE_CHARS - 41);
        String expected = String.join("\n",
                "error[E0201]: invalid character `$`",
                " --> long.nnet:1:1000001",
                "  |",
                "1 | ..." + shown + "...",
                "  |    " + " ".repeat(40) + "^ here",
                "");
        assertEquals(expected, out);
    }

    @Test
    void aLongLineIsCutAtItsEndWhenTheSpanIsNearTheEnd() {
        SourceFile f = new SourceFile("long.nnet", "y".repeat(500) + "$");
        String out = HumanRenderer.render(error(f.span(500, 501), "m", "", List.of(), List.of(), null), f, false);
        String[] lines = out.split("\n");
        assertEquals("1 | ..." + "y".repeat(HumanRenderer.MAX_LINE_CHARS - 1) + "$", lines[3]);
        assertEquals("  |   " + " ".repeat(HumanRenderer.MAX_LINE_CHARS) + "^", lines[4]);
    }

    @Test
    void aLoneCarriageReturnEndsALine() {
        SourceFile f = new SourceFile("cr.nnet", "model M {\r  input x: [N, 4]\r\n}\r");
        assertEquals(4, f.lineCount());
        assertEquals("  input x: [N, 4]", f.line(2));
        Span input = find(f, "input");
        assertEquals(2, input.line());
        assertEquals(3, input.column());
        assertEquals("}", f.line(3));
    }
}
