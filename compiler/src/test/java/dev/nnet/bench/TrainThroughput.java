package dev.nnet.bench;

import com.google.gson.Gson;
import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.ShortRenderer;
import dev.nnet.diag.SourceFile;
import dev.nnet.ir.Costs;
import dev.nnet.ir.Node;
import dev.nnet.lower.LoweredProgram;
import dev.nnet.lower.Pipeline;
import dev.nnet.passes.MemoryPlan;
import dev.nnet.kernels.Parallel;
import dev.nnet.run.CompiledProgram;
import dev.nnet.run.RunException;
import dev.nnet.runtime.Batch;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.TrainSpec;
import dev.nnet.runtime.data.DataException;
import dev.nnet.runtime.data.Dataset;
import dev.nnet.runtime.data.Datasets;
import dev.nnet.runtime.data.Loader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Training throughput of a generated trainer, the nnet half of {@code tools/bench/side_by_side.py}; a {@code main},
 * not a test (its name keeps surefire away from it).
 *
 * <p>Compiles a {@code .nnet} file as {@code nnet train} does, builds its trainer for the train block's batch size,
 * and preloads the first {@code --batches} batches of the training set in file order through the runtime's
 * {@link Datasets} and {@link Loader} (transforms applied), so data loading is not timed. It then takes
 * {@code --warmup} training steps, and times {@code --steps} more, cycling through the preloaded batches; only
 * {@link CompiledTrainer#trainStep} runs inside the timed loop. Over the timed steps it also measures the bytes
 * allocated by every thread of the JVM (the kernel pool's workers included), in total and per window, and counts
 * garbage collections.
 * Prints one JSON object. Threads: {@code -Dnnet.threads=N}.
 *
 * <pre>
 * java -XX:+UseParallelGC -Dnnet.threads=2 -cp compiler/target/test-classes:compiler/target/classes:compiler/target/lib/* \
 *     dev.nnet.bench.TrainThroughput samples/mnist/mnist-cnn.nnet [--warmup 200] [--steps 500] [--windows 5]
 *     [--batches 100] [--data DIR]
 * </pre>
 */
public final class TrainThroughput {
    private TrainThroughput() {
    }

    /** Command-line settings. */
    record Options(Path file, int warmup, int steps, int windows, int batches, Path dataDir) {
        static Options parse(String[] args) {
            Path file = null;
            Path dataDir = null;
            int warmup = 200;
            int steps = 500;
            int windows = 5;
            int batches = 100;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.startsWith("--")) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(a + " needs a value");
                    }
                    String v = args[++i];
                    switch (a) {
                        case "--warmup" -> warmup = count(a, v, 0);
                        case "--steps" -> steps = count(a, v, 1);
                        case "--windows" -> windows = count(a, v, 1);
                        case "--batches" -> batches = count(a, v, 1);
                        case "--data" -> dataDir = Path.of(v);
                        default -> throw new IllegalArgumentException("unknown option " + a
                                + "; known: --warmup, --steps, --windows, --batches, --data");
                    }
                } else if (file == null) {
                    file = Path.of(a);
                } else {
                    throw new IllegalArgumentException("one .nnet file only; got " + file + " and " + a);
                }
            }
            if (file == null) {
                throw new IllegalArgumentException("usage: TrainThroughput FILE.nnet [--warmup N] [--steps N] "
                        + "[--windows N] [--batches N] [--data DIR]");
            }
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(file + " is not a file; give the .nnet file to benchmark");
            }
            if (steps % windows != 0) {
                throw new IllegalArgumentException("--steps " + steps + " must be a multiple of --windows " + windows);
            }
            return new Options(file, warmup, steps, windows, batches, dataDir);
        }

        private static int count(String option, String value, int least) {
            try {
                int n = Integer.parseInt(value);
                if (n >= least) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below with the option's name
            }
            throw new IllegalArgumentException(option + " takes a whole number of at least " + least + ", not "
                    + value);
        }
    }

    public static void main(String[] args) throws IOException {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("TrainThroughput: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path work = Files.createTempDirectory("nnet-bench");
        boolean ok = false;
        try {
            System.out.println(new Gson().toJson(run(o, work)));
            ok = true;
        } catch (DataException | RunException | dev.nnet.lower.LoweringException e) {
            System.err.println("TrainThroughput: " + e.getMessage());
        } finally {
            deleteTree(work);
        }
        if (!ok) {
            System.exit(1);
        }
    }

    static Map<String, Object> run(Options o, Path work) throws IOException {
        long compileStart = System.nanoTime();
        Compilation c = Driver.compile(new SourceFile(o.file().toString(), Files.readString(o.file())));
        if (c.hasErrors()) {
            throw new RunException(o.file() + " does not compile:\n"
                    + ShortRenderer.renderAll(c.diagnostics(), o.file().toString()).strip());
        }
        CompiledProgram program = CompiledProgram.load(c, work);
        TrainSpec spec = program.spec();
        long[] flops = stepFlops(c);
        double compileSeconds = (System.nanoTime() - compileStart) / 1e9;
        long peakAfterCompile = procStatusKb("VmHWM:");

        Dataset data = Datasets.open(spec.data().get(spec.trainData()), o.file().toAbsolutePath().getParent(),
                o.dataDir());
        int batchSize = spec.batchSize() == 0 ? data.size() : spec.batchSize();
        Batch[] batches = preload(data, batchSize, o.batches());

        CompiledTrainer trainer = program.factory().apply(batchSize);
        Rng rng = new Rng(spec.seed());
        trainer.initialize(rng);

        double firstLoss = trainer.trainStep(batches[0], rng);
        for (int s = 1; s < o.warmup(); s++) {
            trainer.trainStep(batches[s % batches.length], rng);
        }

        AllocationMeter meter = new AllocationMeter();
        long meterOverhead = meter.overhead();
        long gcBefore = collections();
        long[] marks = new long[o.windows() + 1];
        int perWindow = o.steps() / o.windows();
        int next = o.warmup();
        double lossSum = 0;
        meter.start(o.windows());
        marks[0] = System.nanoTime();
        for (int w = 0; w < o.windows(); w++) {
            for (int s = 0; s < perWindow; s++) {
                lossSum += trainer.trainStep(batches[next % batches.length], rng);
                next++;
            }
            marks[w + 1] = System.nanoTime();
            meter.mark();
        }
        AllocationMeter.Interval allocated = meter.stop();
        long gcDuring = collections() - gcBefore;

        double seconds = (marks[o.windows()] - marks[0]) / 1e9;
        double[] windowRates = new double[o.windows()];
        for (int w = 0; w < o.windows(); w++) {
            windowRates[w] = round(perWindow * (double) batchSize / ((marks[w + 1] - marks[w]) / 1e9), 1);
        }
        long netBytes = Math.max(0, allocated.bytes() - meterOverhead);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("side", "nnet");
        out.put("network", stem(o.file()));
        out.put("threads", Parallel.threads());
        out.put("batch", batchSize);
        out.put("preloaded_batches", batches.length);
        out.put("warmup_steps", o.warmup());
        out.put("steps", o.steps());
        out.put("seconds", round(seconds, 4));
        out.put("samples_per_s", round(o.steps() * (double) batchSize / seconds, 1));
        out.put("samples_per_s_windows", windowRates);
        out.put("ms_per_step", round(1000 * seconds / o.steps(), 3));
        double flopsPerStep = (double) flops[0] * batchSize + flops[1];
        out.put("counted_flops_per_step", flopsPerStep);
        out.put("counted_gflops_per_s", round(flopsPerStep * o.steps() / seconds / 1e9, 2));
        out.put("first_loss", round(firstLoss, 5));
        out.put("mean_loss_timed", round(lossSum / o.steps(), 5));
        out.put("alloc_bytes_per_step", round(netBytes / (double) o.steps(), 2));
        out.put("alloc_bytes_timed", netBytes);
        out.put("alloc_meter_overhead_bytes", meterOverhead);
        out.put("alloc_bytes_windows", allocated.bytesPerWindow());
        out.put("alloc_bytes_timed_by_thread", allocated.byThread());
        out.put("alloc_threads_measured", allocated.threads());
        out.put("alloc_threads_started", allocated.threadsStarted());
        out.put("alloc_threads_ended", allocated.threadsEnded());
        out.put("gc_collections_timed", gcDuring);
        out.put("compile_seconds", round(compileSeconds, 2));
        out.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        out.put("gc", collectorNames());
        out.put("self_peak_rss_kb", procStatusKb("VmHWM:"));
        out.put("self_peak_rss_after_compile_kb", peakAfterCompile);
        out.put("self_rss_end_kb", procStatusKb("VmRSS:"));
        return out;
    }

    /**
     * The training step's GEMM and convolution flops as {@code [per sample, fixed]}, counted by {@link Costs} as the
     * profiles count them: a multiply-add is two, and every convolution pass at the direct algorithm's count (so a
     * Winograd layer counts the work it avoids).
     */
    static long[] stepFlops(Compilation c) {
        LoweredProgram lowered = Pipeline.lower(c);
        LoweredProgram.Train train = lowered.trains().get(0);
        String batch = Pipeline.batchSymbol(train.model());
        long[] total = new long[2];
        for (Node n : train.trainStep().graph().nodes()) {
            long[] f = MemoryPlan.size(Costs.of(n).flops(), batch);
            total[0] += f[0];
            total[1] += f[1];
        }
        return total;
    }

    /** The first {@code count} full batches in file order, filled (transforms applied) by the runtime's loader. */
    static Batch[] preload(Dataset data, int batchSize, int count) {
        Loader loader = new Loader(data, batchSize, false, true);
        Batch[] batches = new Batch[Math.min(count, loader.batchesPerEpoch())];
        loader.startEpoch(null);
        for (int i = 0; i < batches.length; i++) {
            batches[i] = loader.newBatch();
            loader.next(batches[i]);
        }
        return batches;
    }

    private static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static List<String> collectorNames() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList();
    }

    /**
     * A size from /proc/self/status (Linux), in kB; -1 elsewhere. VmHWM (peak RSS) cross-checks what the parent
     * script measures, and its value right after compiling shows how much of the peak the in-process javac owns.
     */
    private static long procStatusKb(String field) {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        try (Stream<String> lines = Files.lines(status)) {
            return lines.filter(l -> l.startsWith(field)).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".nnet") ? name.substring(0, name.length() - ".nnet".length()) : name;
    }

    private static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
