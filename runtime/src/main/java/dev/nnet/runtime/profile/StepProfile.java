package dev.nnet.runtime.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Time spent in each op of a generated training step, which a trainer generated with profiling adds to after every
 * op. Each op states its work per call as {@code perSample · n + fixed} floating-point operations and bytes moved,
 * so the report gives achieved GFLOP/s and GB/s beside the time. Not thread-safe: one training loop records.
 */
public final class StepProfile {
    /** One op of the step: what the generated code's comment says of it, and its work per call. */
    public record Op(String label, String op, String origin, long flopsPerSample, long flopsFixed,
                     long bytesPerSample, long bytesFixed) {
    }

    private final List<Op> ops;
    private final long[] nanos;
    /** The fastest single call of each op: on a shared machine, what the op costs without other processes. */
    private final long[] fastest;
    private final double[] flops;
    private final double[] bytes;
    private long steps;

    public StepProfile(List<Op> ops) {
        this.ops = List.copyOf(ops);
        this.nanos = new long[ops.size()];
        this.fastest = new long[ops.size()];
        java.util.Arrays.fill(fastest, Long.MAX_VALUE);
        this.flops = new double[ops.size()];
        this.bytes = new double[ops.size()];
    }

    /** Adds one call of op {@code index} on {@code n} samples that took {@code elapsed} nanoseconds. */
    public void add(int index, int n, long elapsed) {
        Op op = ops.get(index);
        nanos[index] += elapsed;
        fastest[index] = Math.min(fastest[index], elapsed);
        flops[index] += (double) op.flopsPerSample() * n + op.flopsFixed();
        bytes[index] += (double) op.bytesPerSample() * n + op.bytesFixed();
    }

    /** Counts one training step, for per-step figures. */
    public void step() {
        steps++;
    }

    /** Forgets what was recorded (after warm-up). */
    public void reset() {
        java.util.Arrays.fill(nanos, 0);
        java.util.Arrays.fill(fastest, Long.MAX_VALUE);
        java.util.Arrays.fill(flops, 0);
        java.util.Arrays.fill(bytes, 0);
        steps = 0;
    }

    public List<Op> ops() {
        return ops;
    }

    public long steps() {
        return steps;
    }

    /** Nanoseconds recorded for op {@code index}. */
    public long nanos(int index) {
        return nanos[index];
    }

    /** The fastest single call of op {@code index} in nanoseconds, or -1 if it has not run since the last reset. */
    public long fastestNanos(int index) {
        return fastest[index] == Long.MAX_VALUE ? -1 : fastest[index];
    }

    /**
     * A markdown table, one row per op in step order: mean time per step, share, GFLOP/s and GB/s achieved, and the
     * fastest single call (the mean of a sub-10 µs op is mostly other processes' time slices on a loaded machine).
     */
    public String table() {
        long total = 0;
        for (long t : nanos) {
            total += t;
        }
        List<String> rows = new ArrayList<>();
        rows.add("| # | value | op | line | µs/step | share | GFLOP/s | GB/s | fastest µs |");
        rows.add("|---:|---|---|---|---:|---:|---:|---:|---:|");
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            double seconds = nanos[i] / 1e9;
            rows.add(String.format(Locale.ROOT, "| %d | %s | %s | %s | %.1f | %.1f%% | %s | %s | %s |", i,
                    op.label(), op.op().replace("|", "\\|"), op.origin(), nanos[i] / 1e3 / Math.max(1, steps),
                    100.0 * nanos[i] / Math.max(1, total), rate(flops[i], seconds), rate(bytes[i], seconds),
                    fastestNanos(i) < 0 ? "" : String.format(Locale.ROOT, "%.1f", fastestNanos(i) / 1e3)));
        }
        rows.add(String.format(Locale.ROOT, "| | total | | | %.1f | 100%% | | | |", total / 1e3 / Math.max(1, steps)));
        return String.join("\n", rows) + "\n";
    }

    private static String rate(double amount, double seconds) {
        return amount == 0 || seconds == 0 ? "" : String.format(Locale.ROOT, "%.1f", amount / seconds / 1e9);
    }
}
