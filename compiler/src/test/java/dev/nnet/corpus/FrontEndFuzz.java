package dev.nnet.corpus;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.Diagnostic;
import dev.nnet.diag.HumanRenderer;
import dev.nnet.diag.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A fuzzing campaign over the front end, as {@code nnetc check} runs it (compile, then render every diagnostic):
 * {@link ProgramGenerator}'s programs, counted by the exit status {@code nnetc check} would give (0 clean or
 * warnings, 1 errors, 2 an internal error), with time percentiles and the slowest input. A {@code main}, not a test;
 * {@link GeneratedProgramsTest} runs a short fixed pass of the same generator in CI. See {@code tools/fuzz/README.md}.
 *
 * <p>Arguments: {@code [programs (default 100000)] [seed (default 1)] [folder for failing and slowest inputs]}.
 */
public final class FrontEndFuzz {
    /** The bound: no input may take longer to check. */
    static final long LIMIT_NANOS = 2_000_000_000L;

    private FrontEndFuzz() {
    }

    /** What checking one program gave. */
    record Outcome(int status, long nanos, Throwable internal) {
    }

    static Outcome check(String text) {
        long start = System.nanoTime();
        try {
            SourceFile source = new SourceFile("fuzz.nnet", text);
            Compilation c = Driver.compile(source);
            HumanRenderer.renderAll(c.diagnostics(), source, false);
            return new Outcome(c.diagnostics().stream().anyMatch(Diagnostic::isError) ? 1 : 0,
                    System.nanoTime() - start, null);
        } catch (Throwable t) {
            return new Outcome(2, System.nanoTime() - start, t);
        }
    }

    public static void main(String[] args) throws IOException {
        int programs = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        Path keep = Path.of(args.length > 2 ? args[2] : "target/fuzz");
        Files.createDirectories(keep);
        ProgramGenerator generator = new ProgramGenerator(seed);
        long[] nanos = new long[programs];
        int[] statuses = new int[3];
        int overLimit = 0;
        long slowest = -1;
        int slowestIndex = -1;
        long bytes = 0;
        long began = System.nanoTime();
        // Inputs are kept with getBytes, which writes a lone surrogate (a doubled half of an emoji) as '?'.
        for (int i = 0; i < programs; i++) {
            String text = generator.program(i);
            bytes += text.length();
            Outcome o = check(text);
            nanos[i] = o.nanos();
            statuses[o.status()]++;
            if (o.nanos() > LIMIT_NANOS) {
                overLimit++;
                Files.write(keep.resolve("slow-" + i + ".nnet"), text.getBytes(StandardCharsets.UTF_8));
            }
            if (o.internal() != null) {
                Files.write(keep.resolve("internal-" + i + ".nnet"), text.getBytes(StandardCharsets.UTF_8));
                System.out.println("internal error on program " + i + ": " + o.internal());
            }
            if (o.nanos() > slowest) {
                slowest = o.nanos();
                slowestIndex = i;
                Files.write(keep.resolve("slowest.nnet"), text.getBytes(StandardCharsets.UTF_8));
            }
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "programs %d (seed %d, %.1f MB) in %.1f s%n", programs, seed, bytes / 1e6,
                (System.nanoTime() - began) / 1e9);
        System.out.printf(Locale.ROOT, "exit 0: %d, exit 1: %d, internal errors (exit 2): %d%n", statuses[0],
                statuses[1], statuses[2]);
        System.out.printf(Locale.ROOT, "time p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms "
                        + "(program %d, kept as %s)%n", ms(nanos, 0.5), ms(nanos, 0.9), ms(nanos, 0.99),
                ms(nanos, 0.999), slowest / 1e6, slowestIndex, keep.resolve("slowest.nnet"));
        System.out.printf(Locale.ROOT, "over %d s: %d%n", LIMIT_NANOS / 1_000_000_000L, overLimit);
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) (quantile * sorted.length))] / 1e6;
    }
}
