package dev.nnet.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.SourceFile;
import dev.nnet.runtime.Batch;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.EvalTotals;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.Tensor;
import dev.nnet.runtime.TrainSpec;
import dev.nnet.runtime.io.Checkpoint;
import dev.nnet.runtime.io.CheckpointException;
import dev.nnet.runtime.train.RunOptions;
import dev.nnet.runtime.train.TrainingException;
import dev.nnet.runtime.train.TrainingLoop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every cadence of every setting ({@code log}, {@code evaluate}, {@code checkpoint}; {@code every N batches} and
 * {@code every N epochs}) is honoured in its own unit, and a checkpoint written within an epoch resumes exactly.
 */
class TrainingCadenceTest {
    private static final Path ROOT = Path.of(System.getProperty("nnet.repoRoot", ".."));

    /** Shuffle, dropout and Adam: a resumed run must restore the data order, the masks and the optimizer. */
    static String program(String settings) {
        return """
                model Net {
                  input x: [N, 8]
                  fc1 = linear(8, 16)
                  drop = dropout(p=0.25)
                  fc2 = linear(16, 1)
                  forward(x) { return fc2(drop(relu(fc1(x)))) }
                }
                train Net {
                  data train = csv("diabetes.csv", label=-1, header=true)
                  batch 100 shuffle
                  loss bce_with_logits
                  optimizer adam(lr=0.01)
                  epochs 2
                  seed 7
                """ + settings + "}\n";
    }

    @TempDir
    Path work;

    private CompiledProgram compile(String settings) {
        Compilation c = Driver.compile(new SourceFile("net.nnet", program(settings)));
        assertTrue(!c.hasErrors(), c.diagnostics().toString());
        return CompiledProgram.load(c, work);
    }

    private static RunOptions options(Path checkpoint, Path resume) {
        return new RunOptions(null, ROOT.resolve("data"), null, null, null, checkpoint, resume, null, false);
    }

    private static String train(CompiledProgram p, RunOptions options, IntFunction<CompiledTrainer> factory) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        new TrainingLoop(p.spec(), factory, options, new PrintStream(log, true)).run();
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void logAndEvaluateEveryNBatchesAndEveryNEpochs() {
        // 768 samples in batches of 100: 8 batches an epoch.
        CompiledProgram p = compile("log every 3 batches\ndata again = csv(\"diabetes.csv\", label=-1, header=true)\n"
                + "evaluate again every 4 batches: loss\n");
        String log = train(p, options(null, null), p.factory());
        List<String> lines = log.lines().toList();
        // Logs after batches 3 and 6, evaluations after 4 and 8, in each epoch; no per-epoch line.
        assertEquals(List.of("[1,3]", "eval", "[1,6]", "eval", "[2,3]", "eval", "[2,6]", "eval"),
                lines.stream().map(TrainingCadenceTest::shape).toList(), log);

        CompiledProgram epochs = compile("log every 2 epochs\ndata again = csv(\"diabetes.csv\", label=-1, "
                + "header=true)\nevaluate again every 2 epochs: loss\n");
        String perEpoch = train(epochs, options(null, null), epochs.factory());
        assertEquals(2, perEpoch.lines().count(), perEpoch);
        assertTrue(perEpoch.lines().toList().get(0).startsWith("Epoch 2/2"), perEpoch);
    }

    /** A log line reduced to where it came from: {@code [epoch, batch]}, with " eval" for evaluations. */
    private static String shape(String line) {
        return line.startsWith("[") ? line.substring(0, line.indexOf(']') + 1).replace(" ", "") : "eval";
    }

    @Test
    void checkpointEveryNBatchesIsWrittenWithinTheEpochAndResumesBitIdentical() {
        CompiledProgram p = compile("checkpoint \"net.safetensors\" every 3 batches\n");
        Path straight = work.resolve("straight.safetensors");
        train(p, options(straight, null), p.factory());

        // The same run, killed during step 13 (epoch 2, batch 5): its last checkpoint is epoch 2, batch 3.
        Path killed = work.resolve("killed.safetensors");
        assertThrows(IllegalStateException.class, () -> train(p, options(killed, null), n -> killedAt(13,
                p.factory().apply(n))));
        Checkpoint mid = Checkpoint.load(killed);
        assertEquals(1, mid.epoch());
        assertEquals(3, mid.batch());
        assertEquals(11, mid.optimizerSteps());

        String resumed = train(p, options(killed, killed), p.factory());
        assertTrue(resumed.startsWith("Resumed from " + killed + " at epoch 1, batch 3\n"), resumed);
        Checkpoint a = Checkpoint.load(straight);
        Checkpoint b = Checkpoint.load(killed);
        assertEquals(0, b.batch());
        assertNull(b.epochRngState());
        assertEquals(a.optimizerSteps(), b.optimizerSteps());
        assertArrayEquals(a.rngState(), b.rngState());
        for (int i = 0; i < a.parameters().size(); i++) {
            assertArrayEquals(a.parameters().get(i).data(), b.parameters().get(i).data(),
                    a.parameters().get(i).name());
        }
    }

    @Test
    void checkpointEveryNEpochsIsWrittenAtThoseEpochsOnly() {
        // 8 batches an epoch; 2 epochs. Killed in epoch 2, the file is epoch 1's at "every 1 epoch" ...
        CompiledProgram everyEpoch = compile("checkpoint \"net.safetensors\" every 1 epoch\n");
        Path first = work.resolve("every-epoch.safetensors");
        assertThrows(IllegalStateException.class, () -> train(everyEpoch, options(first, null),
                n -> killedAt(13, everyEpoch.factory().apply(n))));
        assertEquals(1, Checkpoint.load(first).epoch());
        assertEquals(0, Checkpoint.load(first).batch());

        // ... and there is none yet at "every 2 epochs", whose first is due at the end of epoch 2.
        CompiledProgram everyOther = compile("checkpoint \"net.safetensors\" every 2 epochs\n");
        Path second = work.resolve("every-other.safetensors");
        assertThrows(IllegalStateException.class, () -> train(everyOther, options(second, null),
                n -> killedAt(13, everyOther.factory().apply(n))));
        assertTrue(!Files.exists(second), "no checkpoint before epoch 2 ends");
        train(everyOther, options(second, null), everyOther.factory());
        assertEquals(2, Checkpoint.load(second).epoch());
    }

    @Test
    void anUnwritableCheckpointFolderFailsBeforeTraining() throws Exception {
        CompiledProgram p = compile("checkpoint \"net.safetensors\" every 1 epoch\n");
        Path file = Files.writeString(work.resolve("a-file"), "x");
        int[] steps = {0};
        CheckpointException e = assertThrows(CheckpointException.class, () -> train(p,
                options(file.resolve("net.safetensors"), null), n -> counting(steps, p.factory().apply(n))));
        assertTrue(e.getMessage().contains("cannot write checkpoints there"), e.getMessage());
        assertEquals(0, steps[0], "no step was taken before the failure");
    }

    @Test
    void aLossThatGrowsByOrdersOfMagnitudeStopsTheRunUnlessAllowed() {
        CompiledProgram p = compile("");
        float[] losses = {2.3f, 2.0f, 1.5f, 4.9e16f, 700f, 690f, 700f, 710f};
        TrainingException e = assertThrows(TrainingException.class,
                () -> train(p, options(null, null), n -> scripted(losses, p.factory().apply(n))));
        assertTrue(e.getMessage().startsWith("the loss grew to 4.90e+16 at epoch 1, batch 4"), e.getMessage());
        assertTrue(e.getMessage().contains("The learning rate is too large"), e.getMessage());

        RunOptions allow = new RunOptions(null, ROOT.resolve("data"), null, null, null, null, null, null, false, true);
        String log = train(p, allow, n -> scripted(losses, p.factory().apply(n)));
        assertTrue(log.contains("Epoch 2/2"), log);
    }

    @Test
    void anOrdinaryRunNeverTripsTheDivergenceCheck() {
        CompiledProgram p = compile("");
        float[] converging = {1e-3f, 1e-7f, 1e-10f, 5e-6f, 1e-9f, 2e-8f, 1e-10f, 3e-7f};
        String log = train(p, options(null, null), n -> scripted(converging, p.factory().apply(n)));
        assertTrue(log.contains("Epoch 2/2"), log);
    }

    /** Delegates to {@code real}, but throws during its {@code step}-th training step, as a kill would stop it. */
    private static CompiledTrainer killedAt(int step, CompiledTrainer real) {
        int[] taken = {0};
        return new Delegating(real) {
            @Override
            public float trainStep(Batch batch, Rng rng) {
                if (++taken[0] == step) {
                    throw new IllegalStateException("killed");
                }
                return real.trainStep(batch, rng);
            }
        };
    }

    private static CompiledTrainer counting(int[] steps, CompiledTrainer real) {
        return new Delegating(real) {
            @Override
            public float trainStep(Batch batch, Rng rng) {
                steps[0]++;
                return real.trainStep(batch, rng);
            }
        };
    }

    /** Trains for real but reports the scripted losses, in a cycle: a divergence the check must see. */
    private static CompiledTrainer scripted(float[] losses, CompiledTrainer real) {
        int[] taken = {0};
        return new Delegating(real) {
            @Override
            public float trainStep(Batch batch, Rng rng) {
                real.trainStep(batch, rng);
                return losses[taken[0]++ % losses.length];
            }
        };
    }

    private static class Delegating implements CompiledTrainer {
        private final CompiledTrainer real;

        Delegating(CompiledTrainer real) {
            this.real = real;
        }

        @Override
        public TrainSpec spec() {
            return real.spec();
        }

        @Override
        public List<Tensor> parameters() {
            return real.parameters();
        }

        @Override
        public List<Tensor> optimizerState() {
            return real.optimizerState();
        }

        @Override
        public long optimizerSteps() {
            return real.optimizerSteps();
        }

        @Override
        public void setOptimizerSteps(long steps) {
            real.setOptimizerSteps(steps);
        }

        @Override
        public void initialize(Rng rng) {
            real.initialize(rng);
        }

        @Override
        public int maxBatch() {
            return real.maxBatch();
        }

        @Override
        public float trainStep(Batch batch, Rng rng) {
            return real.trainStep(batch, rng);
        }

        @Override
        public void evalBatch(Batch batch, EvalTotals totals) {
            real.evalBatch(batch, totals);
        }
    }
}
