package dev.nnet.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnet.Driver;
import dev.nnet.diag.Diagnostic;
import dev.nnet.diag.Severity;
import dev.nnet.diag.ShortRenderer;
import dev.nnet.diag.SourceFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemsTest {
    private static final Path A = Path.of("/p/a.nnet");
    private static final Path B = Path.of("/p/b.nnet");

    private static Problem error(Path file) {
        return new Problem(file, Severity.ERROR, "E0201", 1, 2, "bad");
    }

    private static Problem warning(Path file) {
        return new Problem(file, Severity.WARNING, "W0301", 3, 4, "unused");
    }

    @Test
    void rendersExactlyAsNnetcCheckShortFormat() {
        SourceFile source = new SourceFile("/abs/cnn.nnet", Programs.SHAPE_ERROR + Programs.UNUSED_LAYER);
        List<Diagnostic> diagnostics = Driver.compile(source).diagnostics();
        assertEquals(true, diagnostics.size() >= 1);
        for (Diagnostic d : diagnostics) {
            assertEquals(ShortRenderer.render(d, "/abs/cnn.nnet"), Problem.of(Path.of("/abs/cnn.nnet"), d).render());
        }
        assertEquals("/abs/cnn.nnet" + Programs.SHAPE_ERROR_LINE,
                Problem.of(Path.of("/abs/cnn.nnet"), diagnostics.get(0)).render());
    }

    @Test
    void messagesStayOnOneLine() {
        assertEquals("/p/a.nnet:1:2: error: two lines [E0201]",
                new Problem(A, Severity.ERROR, "E0201", 1, 2, "two\n   lines").render());
    }

    @Test
    void summariesCountErrorsFilesAndWarnings() {
        assertEquals("nnet: 1 error in 1 file", Problems.summary(List.of(error(A))));
        assertEquals("nnet: 3 errors in 2 files, 1 warning",
                Problems.summary(List.of(error(A), error(A), warning(A), error(B))));
        assertEquals("nnet: 2 warnings in 2 files", Problems.summary(List.of(warning(A), warning(B))));
        assertEquals("nnet: no problems", Problems.summary(List.of()));
    }

    @Test
    void failOnWarningReportsWarningsAsErrors() {
        List<Problem> effective = Problems.effective(List.of(warning(A)), true);
        assertEquals("/p/a.nnet:3:4: error: unused [W0301]", effective.get(0).render());
        assertEquals(1, Problems.errors(effective));
        assertEquals(0, Problems.errors(Problems.effective(List.of(warning(A)), false)));
    }
}
