package dev.nnet.bench;

import com.google.gson.Gson;
import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.SourceFile;
import dev.nnet.kernels.Parallel;
import dev.nnet.run.CompiledProgram;
import dev.nnet.runtime.Batch;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.ParallelMode;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.TrainSpec;
import dev.nnet.runtime.data.Dataset;
import dev.nnet.runtime.data.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two threading modes of one network's trainer ({@code -Dnnet.parallel=ops} and {@code batch}) in one JVM,
 * timed in alternating rounds, so that a machine whose load changes from minute to minute (other builds on a shared
 * machine) slows both alike. A {@code main}, not a test. Each round times {@code --round} steps of one mode and
 * then of the other (which goes first alternates), over the same preloaded MNIST batches as {@link TrainThroughput}.
 * Prints one JSON object: samples/s of every round per mode, the best and the median, and the median of the
 * per-round ratios; and, per mode, the CPU time per step of the busier of the two threads (caller, kernel worker),
 * whose ratio estimates the speed-up on an idle machine where wall time cannot be had.
 *
 * <pre>
 * java -XX:+UseParallelGC -Dnnet.threads=2 --add-modules jdk.incubator.vector \
 *     -cp compiler/target/test-classes:compiler/target/classes:compiler/target/lib/* \
 *     dev.nnet.bench.ParallelModes samples/mnist/mnist-cnn.nnet [--warmup 200] [--rounds 10] [--round 50]
 * </pre>
 */
public final class ParallelModes {
    private static final String[] MODES = {"ops", "batch"};

    private ParallelModes() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length % 2 != 1) {
            System.err.println("usage: ParallelModes FILE.nnet [--warmup N] [--rounds N] [--round STEPS]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        Map<String, Integer> options = new LinkedHashMap<>(Map.of("--warmup", 200, "--rounds", 10, "--round", 50));
        for (int i = 1; i < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                System.err.println("ParallelModes: unknown option " + args[i] + "; known: " + options.keySet());
                System.exit(2);
            }
            options.put(args[i], Integer.parseInt(args[i + 1]));
        }
        Path work = Files.createTempDirectory("nnet-modes");
        Compilation c = Driver.compile(new SourceFile(file.toString(), Files.readString(file)));
        if (c.hasErrors()) {
            System.err.println("ParallelModes: " + file + " does not compile: " + c.diagnostics());
            System.exit(1);
        }
        CompiledProgram program = CompiledProgram.load(c, work);
        TrainSpec spec = program.spec();
        Dataset data = Datasets.open(spec.data().get(spec.trainData()), file.toAbsolutePath().getParent(), null);
        int batchSize = spec.batchSize() == 0 ? data.size() : spec.batchSize();
        Batch[] batches = TrainThroughput.preload(data, batchSize, 100);

        CompiledTrainer[] trainers = new CompiledTrainer[2];
        Rng[] rngs = new Rng[2];
        for (int m = 0; m < 2; m++) {
            System.setProperty(ParallelMode.PROPERTY, MODES[m]);
            trainers[m] = program.factory().apply(batchSize);
            rngs[m] = new Rng(spec.seed());
            trainers[m].initialize(rngs[m]);
        }
        System.clearProperty(ParallelMode.PROPERTY);
        int[] next = new int[2];
        for (int s = 0; s < options.get("--warmup"); s++) {
            for (int m = 0; m < 2; m++) {
                trainers[m].trainStep(batches[next[m]++ % batches.length], rngs[m]);
            }
        }
        int rounds = options.get("--rounds");
        int round = options.get("--round");
        double[][] rates = new double[2][rounds];
        // CPU time per step of the busier thread (the caller or the kernel worker): what a step would take on an
        // idle machine, up to the barriers' waits, and far less disturbed by other processes than wall time.
        double[][] busiest = new double[2][rounds];
        double[] lastLoss = new double[2];
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] ids = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t == Thread.currentThread() || t.getName().startsWith("nnet-kernels-"))
                .mapToLong(Thread::getId).toArray();
        long[] before = new long[ids.length];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                int m = (r + k) % 2;
                for (int t = 0; t < ids.length; t++) {
                    before[t] = cpu.getThreadCpuTime(ids[t]);
                }
                long start = System.nanoTime();
                for (int s = 0; s < round; s++) {
                    lastLoss[m] = trainers[m].trainStep(batches[next[m]++ % batches.length], rngs[m]);
                }
                rates[m][r] = round * (double) batchSize / ((System.nanoTime() - start) / 1e9);
                for (int t = 0; t < ids.length; t++) {
                    double ms = (cpu.getThreadCpuTime(ids[t]) - before[t]) / 1e6 / round;
                    busiest[m][r] = Math.max(busiest[m][r], ms);
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("network", file.getFileName().toString().replace(".nnet", ""));
        out.put("threads", Parallel.threads());
        out.put("batch", batchSize);
        out.put("rounds", rounds);
        out.put("steps_per_round", round);
        for (int m = 0; m < 2; m++) {
            double[] sorted = rates[m].clone();
            Arrays.sort(sorted);
            out.put(MODES[m] + "_samples_per_s_rounds", Arrays.stream(rates[m]).mapToLong(Math::round).toArray());
            out.put(MODES[m] + "_best", Math.round(sorted[rounds - 1]));
            out.put(MODES[m] + "_median", Math.round(sorted[rounds / 2]));
            out.put(MODES[m] + "_last_loss", lastLoss[m]);
            double[] cpuSorted = busiest[m].clone();
            Arrays.sort(cpuSorted);
            out.put(MODES[m] + "_busiest_thread_cpu_ms_per_step_median",
                    Math.round(cpuSorted[rounds / 2] * 1000) / 1000.0);
        }
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratios[r] = rates[1][r] / rates[0][r];
        }
        Arrays.sort(ratios);
        out.put("batch_over_ops_median_of_round_ratios", Math.round(ratios[rounds / 2] * 1000) / 1000.0);
        double[] cpuRatios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            cpuRatios[r] = busiest[0][r] / busiest[1][r];
        }
        Arrays.sort(cpuRatios);
        out.put("batch_over_ops_by_busiest_thread_cpu_median", Math.round(cpuRatios[rounds / 2] * 1000) / 1000.0);
        out.put("load_average", Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println(new Gson().toJson(out));
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
