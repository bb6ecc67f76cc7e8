package dev.nnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.run.CompiledProgram;
import dev.nnet.runtime.Batch;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.EvalTotals;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.Tensor;
import dev.nnet.runtime.TrainSpec;
import dev.nnet.runtime.cuda.CudaAvailability;
import dev.nnet.runtime.cuda.CudaException;
import dev.nnet.runtime.cuda.DeviceTrainer;
import dev.nnet.runtime.io.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --device} and {@code --gemm} of train, eval and predict, with CUDA faked where a GPU would be needed. */
class DeviceOptionTest {
    private static final String LINEAR = NnetCommandTest.LINEAR;

    @TempDir
    Path dir;

    @AfterEach
    void realCudaAgain() {
        TrainerChoice.backend = CudaBackend.JCUDA;
    }

    /** The generated CPU trainer behind the DeviceTrainer interface: steps run at once, losses wait for a drain. */
    static final class QueuedHostTrainer implements DeviceTrainer {
        private final CompiledTrainer host;
        private double sum;
        private int steps;

        QueuedHostTrainer(CompiledTrainer host) {
            this.host = host;
        }

        @Override public void enqueueStep(Batch batch, Rng rng) {
            sum += host.trainStep(batch, rng);
            steps++;
        }

        @Override public LossSum drainLosses() {
            LossSum drained = new LossSum(sum, steps);
            sum = 0;
            steps = 0;
            return drained;
        }

        @Override public void pullToHost() {
        }

        @Override public void pushToDevice() {
        }

        @Override public String deviceName() {
            return "Fake GPU";
        }

        @Override public float trainStep(Batch batch, Rng rng) {
            enqueueStep(batch, rng);
            return (float) drainLosses().sum();
        }

        @Override public TrainSpec spec() {
            return host.spec();
        }

        @Override public List<Tensor> parameters() {
            return host.parameters();
        }

        @Override public List<Tensor> optimizerState() {
            return host.optimizerState();
        }

        @Override public long optimizerSteps() {
            return host.optimizerSteps();
        }

        @Override public void setOptimizerSteps(long n) {
            host.setOptimizerSteps(n);
        }

        @Override public void initialize(Rng rng) {
            host.initialize(rng);
        }

        @Override public int maxBatch() {
            return host.maxBatch();
        }

        @Override public void evalBatch(Batch batch, EvalTotals totals) {
            host.evalBatch(batch, totals);
        }
    }

    /** CUDA as a test wants it: absent for a reason, present without a code generator, or present and working. */
    static final class FakeBackend implements CudaBackend {
        final String missing;
        final String unsupported;
        boolean closed;
        boolean cublasAsked;

        FakeBackend(String missing, String unsupported) {
            this.missing = missing;
            this.unsupported = unsupported;
        }

        @Override public CudaAvailability probe() {
            return missing == null ? new CudaAvailability(true, "", "Fake GPU")
                    : new CudaAvailability(false, missing, "");
        }

        @Override public Session open() {
            if (missing != null) {
                throw new CudaException("CUDA is not available: " + missing + "; install the NVIDIA driver, or "
                        + "train on the CPU with --device cpu");
            }
            return new Session() {
                @Override public String deviceName() {
                    return "Fake GPU";
                }

                @Override public IntFunction<CompiledTrainer> factory(CompiledProgram program, boolean useCublas) {
                    if (unsupported != null) {
                        throw new UnsupportedOperationException(unsupported);
                    }
                    cublasAsked = useCublas;
                    IntFunction<CompiledTrainer> cpu = program.factory();
                    return n -> new QueuedHostTrainer(cpu.apply(n));
                }

                @Override public void close() {
                    closed = true;
                }
            };
        }
    }

    private static NnetCommandTest.Run nnet(String... args) {
        return NnetCommandTest.nnet(args);
    }

    @Test
    void autoWithoutCudaSaysWhyInOneLineAndTrainsOnTheCpu() {
        TrainerChoice.backend = new FakeBackend("libcuda.so.1 not found", null);
        NnetCommandTest.Run auto = nnet("train", LINEAR, "--epochs", "3");
        NnetCommandTest.Run cpu = nnet("train", LINEAR, "--epochs", "3", "--device", "cpu");
        assertEquals(0, auto.status(), auto.err());
        assertEquals("nnet: no CUDA device (libcuda.so.1 not found); training on the CPU\n", auto.err());
        assertEquals("", cpu.err());
        assertEquals(cpu.out(), auto.out());
    }

    @Test
    void cudaWithoutCudaIsOneLineAndAUsageError() {
        TrainerChoice.backend = new FakeBackend("libcuda.so.1 not found", null);
        NnetCommandTest.Run run = nnet("train", LINEAR, "--device", "cuda");
        assertEquals(Nnetc.USAGE, run.status());
        assertEquals("nnet: CUDA is not available: libcuda.so.1 not found; install the NVIDIA driver, or train on "
                + "the CPU with --device cpu\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void onThisMachineCudaEitherRunsOrFailsInOneLine() {
        CudaAvailability here = CudaAvailability.probe();
        NnetCommandTest.Run run = nnet("train", LINEAR, "--device", "cuda", "--epochs", "1");
        if (!here.available()) {
            assertEquals(Nnetc.USAGE, run.status());
            assertTrue(run.err().startsWith("nnet: CUDA is not available: "), run.err());
            assertEquals(1, run.err().lines().count(), run.err());
        } else {
            assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        }
    }

    @Test
    void aGpuWithoutCodeForThisProgramFallsBackUnderAutoAndFailsUnderCuda() {
        TrainerChoice.backend = new FakeBackend(null, "this build of nnet has no CUDA code generator");
        NnetCommandTest.Run auto = nnet("train", LINEAR, "--epochs", "2");
        assertEquals(0, auto.status(), auto.err());
        assertEquals("nnet: Fake GPU found, but this build of nnet has no CUDA code generator; training on the "
                + "CPU\n", auto.err());
        NnetCommandTest.Run cuda = nnet("train", LINEAR, "--epochs", "2", "--device", "cuda");
        assertEquals(Nnetc.USAGE, cuda.status());
        assertEquals("nnet: --device cuda: this build of nnet has no CUDA code generator; use --device cpu\n",
                cuda.err());
    }

    @Test
    void onAGpuTheRunPrintsAndCheckpointsWhatTheCpuDoes() {
        Path onCpu = dir.resolve("cpu.safetensors");
        Path onGpu = dir.resolve("gpu.safetensors");
        NnetCommandTest.Run cpu = nnet("train", LINEAR, "--epochs", "40", "--device", "cpu", "--checkpoint",
                onCpu.toString());
        FakeBackend gpu = new FakeBackend(null, null);
        TrainerChoice.backend = gpu;
        NnetCommandTest.Run cuda = nnet("train", LINEAR, "--epochs", "40", "--device", "cuda", "--gemm", "cublas",
                "--checkpoint", onGpu.toString());
        assertEquals(0, cuda.status(), cuda.err());
        assertEquals("nnet: training on Fake GPU (--gemm cublas)\n", cuda.err());
        assertEquals(cpu.out(), cuda.out());
        assertTrue(gpu.cublasAsked);
        assertTrue(gpu.closed, "the GPU is freed when the command ends");
        Checkpoint a = Checkpoint.load(onCpu);
        Checkpoint b = Checkpoint.load(onGpu);
        for (int i = 0; i < a.parameters().size(); i++) {
            assertArrayEquals(a.parameters().get(i).data(), b.parameters().get(i).data());
        }
        NnetCommandTest.Run eval = nnet("eval", LINEAR, "--weights", onGpu.toString(), "--device", "cpu");
        assertEquals(0, eval.status(), eval.err());
    }

    @Test
    void cublasOnTheCpuAndCudaForPredictAreUsageErrors() {
        NnetCommandTest.Run cublas = nnet("train", LINEAR, "--device", "cpu", "--gemm", "cublas");
        assertEquals(Nnetc.USAGE, cublas.status());
        assertEquals("nnet: --gemm cublas runs on the GPU; drop it, or use --device cuda or auto\n", cublas.err());
        NnetCommandTest.Run predict = nnet("predict", LINEAR, "--device", "cuda", "--input", "4");
        assertEquals(Nnetc.USAGE, predict.status());
        assertEquals("nnet: nnet predict runs the model on the CPU; --device cuda and --gemm cublas are for train "
                + "and eval\n", predict.err());
        NnetCommandTest.Run typo = nnet("train", LINEAR, "--device", "gpu");
        assertEquals(Nnetc.USAGE, typo.status());
        assertTrue(typo.err().contains("expected one of cuda, cpu, auto but was 'gpu'"), typo.err());
    }

    @Test
    void stepsCutTheRunAndStepLossesAreTheSameOnTheQueuedPath() throws IOException {
        Path cpuLosses = dir.resolve("cpu.txt");
        Path gpuLosses = dir.resolve("gpu.txt");
        NnetCommandTest.Run cpu = nnet("train", LINEAR, "--device", "cpu", "--steps", "30", "--step-losses",
                cpuLosses.toString());
        assertEquals(0, cpu.status(), cpu.err());
        assertTrue(cpu.out().matches("(?s).*Speed: [0-9.]+ samples/s over steps 11-30 \\(batch (\\d+|all)\\)\n"),
                cpu.out());
        List<String> lines = Files.readAllLines(cpuLosses);
        assertEquals(30, lines.size());
        TrainerChoice.backend = new FakeBackend(null, null);
        NnetCommandTest.Run gpu = nnet("train", LINEAR, "--device", "cuda", "--steps", "30", "--step-losses",
                gpuLosses.toString());
        assertEquals(0, gpu.status(), gpu.err());
        assertEquals(lines, Files.readAllLines(gpuLosses));
        NnetCommandTest.Run bad = nnet("train", LINEAR, "--steps", "0");
        assertEquals(Nnetc.USAGE, bad.status());
        assertEquals("nnet: --steps must be 1 or more, found 0\n", bad.err());
    }
}
