package dev.nnet.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.Driver;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ShortRendererTest {
    static final Pattern GNU = Pattern.compile("^[^:]+:\\d+:\\d+: (error|warning): .+$");

    @ParameterizedTest
    @ValueSource(strings = {
        "model M {",
        "model M { input x: [N, 4] @ }",
        "model { }",
        "const = 3\nmodel M { forward(x) { return } }",
        "train T { checkpoint \"unterminated\n}",
        "model M { fc = linear(4,, 2) }\n\n\nblock B( { }",
    })
    void everyLineOfRealCompilerOutputIsGnuStyle(String text) {
        SourceFile f = new SourceFile("bad/input.nnet", text);
        List<Diagnostic> diagnostics = Driver.compile(f).diagnostics();
        assertFalse(diagnostics.isEmpty(), "expected a syntax error in: " + text);
        String out = ShortRenderer.renderAll(diagnostics, f.path());
        for (String line : out.split("\n")) {
            assertTrue(GNU.matcher(line).matches(), line);
        }
        assertEquals(diagnostics.size(), out.split("\n").length);
        assertTrue(out.startsWith("bad/input.nnet:"), out);
    }

    @Test
    void exactFormatWithCodeLast() {
        SourceFile f = new SourceFile("a.nnet", "\n  x @\n");
        Diagnostic d = new Diagnostic(Severity.WARNING, "W0302", f.span(3, 4), "unused\nvariable `x`", "",
                List.of(), List.of(), null, null);
        assertEquals("a.nnet:2:3: warning: unused variable `x` [W0302]", ShortRenderer.render(d, f.path()));
    }
}
