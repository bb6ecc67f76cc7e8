package dev.nnet.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The CI pass of the fuzzing campaign ({@link FrontEndFuzz}): a fixed thousand generated programs, each checked
 * without an internal error. Each must also finish within a bound five times the campaign's 2 s, so a shared CI
 * machine cannot make it flaky while a return to super-linear checking still fails it.
 */
class GeneratedProgramsTest {
    private static final int PROGRAMS = 1000;
    private static final long GENEROUS_NANOS = 5 * FrontEndFuzz.LIMIT_NANOS;

    @Test
    void aThousandGeneratedProgramsCheckWithoutInternalErrorsAndInTime() {
        ProgramGenerator generator = new ProgramGenerator(20261205L);
        int[] statuses = new int[3];
        for (int n = 0; n < PROGRAMS; n++) {
            int i = n;
            String text = generator.program(i);
            FrontEndFuzz.Outcome o = FrontEndFuzz.check(text);
            assertNull(o.internal(), () -> "program " + i + " gave an internal error:\n" + text);
            assertTrue(o.nanos() < GENEROUS_NANOS, "program " + i + " took " + o.nanos() / 1_000_000 + " ms");
            statuses[o.status()]++;
        }
        assertEquals(0, statuses[2]);
        assertTrue(statuses[0] > 0 && statuses[1] > 0, "the generator reaches both clean and erroneous programs");
    }
}
