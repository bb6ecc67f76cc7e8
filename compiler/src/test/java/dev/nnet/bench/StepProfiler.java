package dev.nnet.bench;

import com.palantir.javapoet.JavaFile;
import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.codegen.java.JavaBackend;
import dev.nnet.diag.ShortRenderer;
import dev.nnet.diag.SourceFile;
import dev.nnet.kernels.Parallel;
import dev.nnet.lower.Pipeline;
import dev.nnet.run.JavacRunner;
import dev.nnet.runtime.Batch;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.TrainSpec;
import dev.nnet.runtime.data.Dataset;
import dev.nnet.runtime.data.Datasets;
import dev.nnet.runtime.profile.StepProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where one training step's time goes, op by op: a {@code main}, not a test. Compiles a {@code .nnet} file with a
 * profiling trainer (each op of the step timed, {@link StepProfile}), preloads {@code --batches} training batches,
 * takes {@code --warmup} steps, then {@code --steps} timed ones, and prints a markdown table per op: time per step,
 * share, and the GFLOP/s or GB/s it achieved. The timer calls cost a few hundred nanoseconds per op, so the total
 * is slightly above an unprofiled step; the wall time per step is printed beside it.
 *
 * <p>The warm-up is long (500 steps) because a kernel called a few times per step reaches C2 late: the classifier
 * layer's {@code NarrowVectorGemm} tiles run 20-60x slower until then (Vector API code outside C2), which 100
 * warm-up steps charged to the last linear layer as tens of microseconds (PROFILE.md, 2026-12-05 evening).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmn32m -Dnnet.threads=1 \
 *     -cp 'compiler/target/test-classes:compiler/target/classes:compiler/target/lib/*' \
 *     dev.nnet.bench.StepProfiler samples/mnist/mnist-cnn.nnet [--warmup 500] [--steps 300] [--batches 50] [--data DIR]
 * </pre>
 */
public final class StepProfiler {
    private StepProfiler() {
    }

    public static void main(String[] args) throws Exception {
        Path file = null;
        Path dataDir = null;
        int warmup = 500;
        int steps = 300;
        int batchCount = 50;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--batches" -> batchCount = Integer.parseInt(args[++i]);
                case "--data" -> dataDir = Path.of(args[++i]);
                default -> file = Path.of(args[i]);
            }
        }
        if (file == null || !Files.isRegularFile(file)) {
            System.err.println("usage: StepProfiler FILE.nnet [--warmup N] [--steps N] [--batches N] [--data DIR]");
            System.exit(2);
        }
        Compilation c = Driver.compile(new SourceFile(file.toString(), Files.readString(file)));
        if (c.hasErrors()) {
            System.err.println(ShortRenderer.renderAll(c.diagnostics(), file.toString()));
            System.exit(1);
        }
        Path work = Files.createTempDirectory("nnet-profile");
        List<JavaFile> files = JavaBackend.generate(Pipeline.lower(c), "nnet.profiled", true);
        ClassLoader loader = JavacRunner.compile(files, work);
        String trainerName = files.stream().map(f -> f.typeSpec().name()).filter(n -> n.endsWith("Trainer"))
                .findFirst().orElse(null);
        if (trainerName == null) {
            System.err.println(file + " has no train block");
            System.exit(1);
        }
        Class<?> trainerClass = loader.loadClass("nnet.profiled." + trainerName);
        TrainSpec spec = (TrainSpec) trainerClass.getField("SPEC").get(null);
        Dataset data = Datasets.open(spec.data().get(spec.trainData()), file.toAbsolutePath().getParent(), dataDir);
        int batchSize = spec.batchSize() == 0 ? data.size() : spec.batchSize();
        Batch[] batches = TrainThroughput.preload(data, batchSize, batchCount);
        CompiledTrainer trainer = (CompiledTrainer) trainerClass.getConstructor(int.class).newInstance(batchSize);
        StepProfile profile = (StepProfile) trainerClass.getField("profile").get(trainer);
        Rng rng = new Rng(spec.seed());
        trainer.initialize(rng);
        for (int s = 0; s < warmup; s++) {
            trainer.trainStep(batches[s % batches.length], rng);
        }
        profile.reset();
        long start = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            trainer.trainStep(batches[(warmup + s) % batches.length], rng);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String name = file.getFileName().toString().replace(".nnet", "");
        System.out.printf(Locale.ROOT, "### %s: batch %d, %d thread(s), %d timed steps, %.1f µs/step wall "
                + "(%.0f samples/s)%n%n", name, batchSize, Parallel.threads(), steps, seconds / steps * 1e6,
                steps * (double) batchSize / seconds);
        System.out.println(profile.table());
        try (var paths = Files.walk(work)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
