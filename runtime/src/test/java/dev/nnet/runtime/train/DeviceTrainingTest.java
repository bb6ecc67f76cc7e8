package dev.nnet.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnet.runtime.TrainSpec;
import dev.nnet.runtime.data.DataSpec;
import dev.nnet.runtime.data.Samples;
import dev.nnet.runtime.io.Checkpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop with a {@link dev.nnet.runtime.cuda.DeviceTrainer}: same output as the CPU, fewer syncs. */
class DeviceTrainingTest {
    @TempDir
    Path dir;

    private static float[][] column(int n, float value) {
        float[][] rows = new float[n][1];
        for (float[] row : rows) {
            row[0] = value;
        }
        return rows;
    }

    /** 18 samples in batches of 4 (the fifth batch has 2), logged every 3 batches, evaluated every 2nd epoch. */
    private static TrainSpec spec(TrainSpec.CheckpointSpec checkpoint) {
        DataSpec placeholder = new DataSpec.Tensors(new float[] {0f}, new int[] {1, 1}, new float[] {0f},
                new int[] {1, 1}, false);
        return new TrainSpec("Mean", Map.of("train", placeholder), "train", 4, false, false, 4, 1,
                new TrainSpec.Cadence(3, TrainSpec.Unit.BATCHES),
                List.of(new TrainSpec.Evaluation("train", new TrainSpec.Cadence(2, TrainSpec.Unit.EPOCHS),
                        List.of("loss"))), checkpoint, "mean.nnet");
    }

    private static String run(Training<?> training) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        training.data("train", Samples.of(column(18, 0f), column(18, 3f)))
                .log(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsWhatTheCpuTrainerPrintsAndReadsLossesOnlyWhenItNeedsThem() {
        TrainSpec spec = spec(null);
        String cpu = run(Training.of(spec, n -> new MeanTrainer(spec, n)));
        QueuedMeanTrainer[] device = new QueuedMeanTrainer[1];
        String queued = run(Training.of(spec, n -> device[0] = new QueuedMeanTrainer(spec, n)));
        assertEquals(cpu, queued);
        assertEquals(20, device[0].enqueued);
        assertEquals(0, device[0].trainSteps, "the loop queues steps; it never asks for each loss");
        // Per epoch: the log after batch 3, then the short fifth batch (its 2 samples weigh less in the epoch's
        // mean), then the epoch's end.
        assertEquals(4 * 3, device[0].drains);
        assertEquals(1, device[0].pulls, "parameters come back once, at the end of the run");
    }

    @Test
    void checkpointsComeFromTheDeviceAndAResumePushesThemBack() {
        Path file = dir.resolve("mean.safetensors");
        TrainSpec spec = spec(new TrainSpec.CheckpointSpec(file.toString(), new TrainSpec.Cadence(2,
                TrainSpec.Unit.BATCHES)));
        Path cpuFile = dir.resolve("cpu.safetensors");
        MeanTrainer cpu = Training.of(spec, n -> new MeanTrainer(spec, n)).epochs(2).checkpoint(cpuFile)
                .data("train", Samples.of(column(18, 0f), column(18, 3f))).quiet().run();
        QueuedMeanTrainer straight = Training.of(spec, n -> new QueuedMeanTrainer(spec, n)).epochs(2)
                .checkpoint(file).data("train", Samples.of(column(18, 0f), column(18, 3f))).quiet().run();
        assertEquals(cpu.parameters().get(0).data()[0], Checkpoint.load(file).parameters().get(0).data()[0],
                "the checkpoint a device run writes is the CPU's, to the bit");
        assertEquals(straight.deviceWeight(), straight.parameters().get(0).data()[0]);
        assertEquals(2 * 2 + 2, straight.pulls,
                "batches 2 and 4 of both epochs, the last epoch's end, and the run's end");

        QueuedMeanTrainer resumed = Training.of(spec, n -> new QueuedMeanTrainer(spec, n)).epochs(4).resume(file)
                .checkpoint(dir.resolve("resumed.safetensors"))
                .data("train", Samples.of(column(18, 0f), column(18, 3f))).quiet().run();
        MeanTrainer cpuFourEpochs = Training.of(spec, n -> new MeanTrainer(spec, n)).epochs(4)
                .checkpoint(dir.resolve("cpu4.safetensors"))
                .data("train", Samples.of(column(18, 0f), column(18, 3f))).quiet().run();
        assertEquals(1, resumed.pushes, "the checkpoint's parameters go to the device before the first step");
        assertEquals(cpuFourEpochs.parameters().get(0).data()[0], resumed.parameters().get(0).data()[0]);
    }

    @Test
    void aNonFiniteWindowSaysWhichBatchesItCovers() {
        TrainSpec spec = spec(null);
        float[][] targets = column(18, 3f);
        targets[9][0] = Float.NaN; // in batch 3
        TrainingException e = assertThrows(TrainingException.class,
                () -> Training.of(spec, n -> new QueuedMeanTrainer(spec, n))
                        .data("train", Samples.of(column(18, 0f), targets)).quiet().run());
        assertEquals("the loss became NaN in batches 1 to 3 of epoch 1; lower the learning rate or check the data",
                e.getMessage());
    }

    private static StepTrace traced(dev.nnet.runtime.CompiledTrainer[] built, boolean device, StepTrace trace) {
        TrainSpec spec = spec(null);
        RunOptions options = new RunOptions(null, null, null, null, null, null, null, null, false);
        TrainingLoop loop = new TrainingLoop(spec, n -> built[0] = device ? new QueuedMeanTrainer(spec, n)
                : new MeanTrainer(spec, n), options, new PrintStream(java.io.OutputStream.nullOutputStream()),
                Map.of("train", Samples.of(column(18, 0f), column(18, 3f))));
        loop.trace(trace);
        loop.run();
        return trace;
    }

    @Test
    void aTracedRunStopsAfterItsStepsAndKeepsEveryLossTheCpuHas() {
        dev.nnet.runtime.CompiledTrainer[] cpu = new dev.nnet.runtime.CompiledTrainer[1];
        dev.nnet.runtime.CompiledTrainer[] queued = new dev.nnet.runtime.CompiledTrainer[1];
        StepTrace onCpu = traced(cpu, false, new StepTrace(37, true, 5));
        StepTrace onDevice = traced(queued, true, new StepTrace(37, true, 5));
        assertEquals(37, onCpu.steps(), "37 steps: more than the train block's 4 epochs of 5");
        assertEquals(37, cpu[0].optimizerSteps());
        assertEquals(37, onCpu.losses().length);
        org.junit.jupiter.api.Assertions.assertArrayEquals(onCpu.losses(), onDevice.losses());
        assertEquals(37, ((QueuedMeanTrainer) queued[0]).trainSteps, "every loss read: trainStep each step");
        assertEquals("6-37", onDevice.timedSteps());
        org.junit.jupiter.api.Assertions.assertTrue(onDevice.samplesPerSecond() > 0);
    }

    @Test
    void aSpeedRunQueuesStepsAndWaitsOnlyAtTheClock() {
        dev.nnet.runtime.CompiledTrainer[] queued = new dev.nnet.runtime.CompiledTrainer[1];
        StepTrace trace = traced(queued, true, new StepTrace(12, false, 2));
        QueuedMeanTrainer trainer = (QueuedMeanTrainer) queued[0];
        assertEquals(12, trainer.enqueued);
        assertEquals(0, trainer.trainSteps);
        assertEquals(0, trace.losses().length);
        // Drains: the clock at step 2; the log after batch 3; the short batch 5; epoch 1's end (after step 5);
        // the log after batch 8 (epoch 2, batch 3); the short batch 10; epoch 2's end; the clock at step 12 (epoch
        // 3, batch 2), which also ends the run.
        assertEquals(8, trainer.drains);
    }
}
