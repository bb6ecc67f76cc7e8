package dev.nnet.diag;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.codegen.java.JavaBackend;
import dev.nnet.lower.LoweringException;
import dev.nnet.lower.Pipeline;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every code's {@code nnetc explain} page is tested: its wrong program reports that code, and its fixed program
 * has no error and does not report it. (E0003 comes from the code generator, so its programs are compiled too.)
 */
class ExplanationTest {
    @TestFactory
    Stream<DynamicTest> everyCodeHasAPageWhoseExamplesDoWhatItSays() {
        return Stream.of(Code.values()).map(code -> DynamicTest.dynamicTest(code.id(), () -> {
            Explanation page = Explanation.of(code);
            assertTrue(page.text().length() > 40, code.id() + " explains itself in a sentence or more");
            Compilation wrong = compile(code, "wrong", page.wrong());
            Compilation fixed = compile(code, "fixed", page.fixed());
            if (code == Code.E0003) {
                assertFalse(wrong.hasErrors(), "E0003's wrong program checks clean: " + wrong.diagnostics());
                assertThrows(LoweringException.class, () -> JavaBackend.generate(Pipeline.lower(wrong), "p"));
                JavaBackend.generate(Pipeline.lower(fixed), "p");
            } else {
                assertTrue(codes(wrong).contains(code.id()), code.id() + "'s wrong program reports "
                        + codes(wrong) + "\n" + page.wrong());
            }
            assertFalse(fixed.hasErrors(), code.id() + "'s fixed program has errors: " + fixed.diagnostics());
            assertFalse(codes(fixed).contains(code.id()), code.id() + "'s fixed program still reports it");
            String shown = page.render();
            assertTrue(shown.startsWith((code.severity() == Severity.WARNING ? "warning[" : "error[") + code.id()
                    + "]: " + code.summary() + "\n\n"), shown);
        }));
    }

    private static Compilation compile(Code code, String which, String program) {
        return Driver.compile(new SourceFile(code.id() + "-" + which + ".nnet", program));
    }

    private static List<String> codes(Compilation c) {
        return c.diagnostics().stream().map(Diagnostic::code).toList();
    }
}
