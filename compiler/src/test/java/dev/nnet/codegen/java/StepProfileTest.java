package dev.nnet.codegen.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.SourceFile;
import dev.nnet.lower.Pipeline;
import dev.nnet.run.JavacRunner;
import dev.nnet.runtime.Batch;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.TrainSpec;
import dev.nnet.runtime.data.Dataset;
import dev.nnet.runtime.data.Datasets;
import dev.nnet.runtime.data.Loader;
import dev.nnet.runtime.profile.StepProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trainer generated with profiling times every op of its step, and otherwise trains as the plain one does. */
class StepProfileTest {
    private static final Path ROOT = Path.of(System.getProperty("nnet.repoRoot", ".."));

    @Test
    void profilingTrainerTimesEveryOpAndComputesTheSameLosses(@TempDir Path work) throws Exception {
        Path sample = ROOT.resolve("samples/basics/diabetes.nnet");
        Compilation c = Driver.compile(new SourceFile(sample.toString(), Files.readString(sample)));
        var lowered = Pipeline.lower(c);
        List<JavaFile> plain = JavaBackend.generate(lowered, "plain");
        List<JavaFile> profiled = JavaBackend.generate(lowered, "profiled", true);
        assertFalse(plain.get(1).toString().contains("System.nanoTime"), "no timing unless asked");
        assertTrue(profiled.get(1).toString().contains("profile.add(0, n, System.nanoTime() - opStart);"));

        CompiledTrainer a = trainer(plain, work.resolve("a"), "plain");
        CompiledTrainer b = trainer(profiled, work.resolve("b"), "profiled");
        TrainSpec spec = (TrainSpec) a.getClass().getField("SPEC").get(null);
        Dataset data = Datasets.open(spec.data().get(spec.trainData()), sample.toAbsolutePath().getParent(), null);
        Loader loader = new Loader(data, a.maxBatch(), false, true);
        loader.startEpoch(null);
        Batch batch = loader.newBatch();
        loader.next(batch);
        Rng ra = new Rng(1);
        Rng rb = new Rng(1);
        a.initialize(ra);
        b.initialize(rb);
        for (int step = 0; step < 3; step++) {
            assertEquals(a.trainStep(batch, ra), b.trainStep(batch, rb), "step " + step);
        }
        StepProfile profile = (StepProfile) b.getClass().getField("profile").get(b);
        assertEquals(3, profile.steps());
        assertTrue(profile.ops().size() > 10, profile.ops().toString());
        assertTrue(profile.ops().stream().anyMatch(op -> op.op().startsWith("linear") && op.flopsPerSample() > 0));
        long timed = 0;
        for (int i = 0; i < profile.ops().size(); i++) {
            timed += profile.nanos(i);
        }
        assertTrue(timed > 0);
        for (int i = 0; i < profile.ops().size(); i++) {
            long fastest = profile.fastestNanos(i);
            assertTrue(fastest >= 0 && 3 * fastest <= profile.nanos(i), "op " + i + ": fastest call " + fastest
                    + " ns of 3 calls totalling " + profile.nanos(i));
        }
        assertTrue(profile.table().contains("| total |"), profile.table());
    }

    private static CompiledTrainer trainer(List<JavaFile> files, Path dir, String pkg) throws Exception {
        Files.createDirectories(dir);
        ClassLoader loader = JavacRunner.compile(files, dir);
        String name = files.get(1).typeSpec().name();
        return (CompiledTrainer) loader.loadClass(pkg + "." + name).getConstructor(int.class).newInstance(64);
    }
}
