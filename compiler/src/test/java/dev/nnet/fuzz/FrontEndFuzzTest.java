package dev.nnet.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.codegen.java.JavaBackend;
import dev.nnet.diag.Diagnostic;
import dev.nnet.diag.SourceFile;
import dev.nnet.lower.LoweredProgram;
import dev.nnet.lower.LoweringException;
import dev.nnet.lower.Pipeline;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the compiler's front and middle end with Jazzer. Any bytes, read as UTF-8, must check
 * without an exception escaping, with every diagnostic inside the file, in under 2 s of the thread's CPU time (wall
 * time would measure the machine's load: 2.2 s were seen for the empty first input at load 14 on two cores); a program that checks clean
 * must lower (or report E0003's "not supported yet") and generate Java without an exception.
 *
 * <p>{@code mvn test} runs the committed seed corpus (resources {@code FrontEndFuzzTestInputs/pipeline/}) as a
 * regression pass; {@code JAZZER_FUZZ=1} runs a campaign (see {@code tools/fuzz/README.md}).
 */
class FrontEndFuzzTest {
    private static final long BUDGET_NANOS = 2_000_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @FuzzTest(maxDuration = "60s")
    void pipeline(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        long start = THREADS.getCurrentThreadCpuTime();
        Compilation c = Driver.compile(new SourceFile("fuzz.nnet", text));
        for (Diagnostic d : c.diagnostics()) {
            assertTrue(d.span().start() >= 0 && d.span().end() <= text.length() && d.span().start() <= d.span().end(),
                    "span " + d.span() + " of " + d.code() + " lies outside the " + text.length() + "-char file");
        }
        if (!c.hasErrors()) {
            try {
                LoweredProgram lowered = Pipeline.lower(c);
                JavaBackend.generate(lowered, "fuzz");
            } catch (LoweringException notYet) {
                // E0003: checked, but the code generator does not support a construct yet
            }
        }
        long elapsed = THREADS.getCurrentThreadCpuTime() - start;
        assertTrue(elapsed < BUDGET_NANOS, "took " + elapsed / 1_000_000 + " ms of CPU time for " + input.length + " bytes");
    }
}
