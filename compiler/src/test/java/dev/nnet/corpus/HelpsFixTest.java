package dev.nnet.corpus;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nnet.Driver;
import dev.nnet.diag.Diagnostic;
import dev.nnet.diag.Fix;
import dev.nnet.diag.SourceFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A {@code help:} that carries an exact replacement must fix the mistake, not lock it in: over the whole error
 * corpus, each fix is applied on its own and the program checked again. The error it was attached to must be gone,
 * and every error left must have been there before (by code and message, since columns move), so a file whose only
 * error has a fix checks clean once it is applied.
 */
class HelpsFixTest {
    /** An error as compared across the edit: its position may move, its code and message may not. */
    record Error(String code, String message) {
        static Error of(Diagnostic d) {
            return new Error(d.code(), d.message());
        }
    }

    @TestFactory
    Stream<DynamicTest> everyFixInTheCorpusFixes() {
        return ErrorCorpusTest.corpusFiles().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(),
                p.toUri(), () -> checkFixes(p)));
    }

    static void checkFixes(Path p) {
        String name = p.getFileName().toString();
        String text = ErrorCorpusTest.read(p);
        List<Diagnostic> before = Driver.compile(new SourceFile(p.toString(), text)).diagnostics();
        List<Error> errorsBefore = before.stream().filter(Diagnostic::isError).map(Error::of).toList();
        for (Diagnostic d : before) {
            if (d.fix() == null) {
                continue;
            }
            String fixed = apply(text, d.fix());
            List<Error> after = Driver.compile(new SourceFile(p.toString(), fixed)).diagnostics().stream()
                    .filter(Diagnostic::isError).map(Error::of).toList();
            List<Error> allowed = new ArrayList<>(errorsBefore);
            allowed.remove(Error.of(d));
            List<Error> left = new ArrayList<>(after);
            List<Error> introduced = new ArrayList<>();
            for (Error e : left) {
                if (!allowed.remove(e)) {
                    introduced.add(e);
                }
            }
            if (!introduced.isEmpty()) {
                fail(name + ": applying the fix of " + d.code() + " at " + d.span().line() + ":" + d.span().column()
                        + " (`" + d.help() + "`) does not fix it; the fixed program reports:\n    "
                        + introduced.stream().map(e -> e.code() + " " + e.message())
                        .collect(Collectors.joining("\n    ")) + "\n--- fixed program ---\n" + fixed);
            }
        }
    }

    static String apply(String text, Fix fix) {
        return text.substring(0, fix.span().start()) + fix.replacement() + text.substring(fix.span().end());
    }

    /** The test must not pass vacuously: the corpus holds fixes for it to apply. */
    @Test
    void theCorpusHasFixesToApply() {
        long withFix = ErrorCorpusTest.corpusFiles().stream().filter(p -> Driver.compile(new SourceFile(
                p.getFileName().toString(), ErrorCorpusTest.read(p))).diagnostics().stream()
                .anyMatch(d -> d.fix() != null)).count();
        assertTrue(withFix >= 10, "only " + withFix + " corpus files carry a fix");
    }
}
