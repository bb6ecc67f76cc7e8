package dev.nnet.codegen.ptx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.lower.LoweredProgram;
import dev.nnet.runtime.Batch;
import dev.nnet.runtime.EvalTotals;
import dev.nnet.runtime.Rng;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The only numeric evidence without a GPU: whole training steps of generated PTX, run in the PTX interpreter
 * ({@code ptx/sim}) through the same launch plan the host class uses, against the Java backend's CPU trainer from
 * the same weights and batches. Per-step losses, every parameter and optimizer-state tensor after the steps, the
 * device-side loss sum and the evaluation loss must agree within float tolerance (PTX's exp/log are approximations,
 * GEMM accumulates with FMA in another order, so not bit for bit).
 */
class PtxSimulatedTrainingTest {
    @TempDir
    Path work;

    /** Runs {@code steps} steps of batch {@code n} and compares; returns the worst relative difference seen. */
    private double compare(String name, LoweredProgram program, int n, int steps) throws Exception {
        SimulatedTrainer t = new SimulatedTrainer(program, n, work.resolve(name));
        t.initialize(7);
        Rng data = new Rng(11);
        dev.nnet.ir.Node lossNode = program.trains().get(0).trainStep().graph().outputs().get("loss");
        boolean sum = ((dev.nnet.ir.op.Loss) lossNode.op()).sum();
        long width = lossNode.input(0).type().dims().isEmpty() ? 1
                : lossNode.input(0).type().dim(-1).constant().orElse(1L);
        Batch batch = batch(t, n, data, width);
        Rng cpuRng = new Rng(3);
        Rng simRng = new Rng(3);
        double worst = 0;
        double lossSum = 0;
        for (int s = 0; s < steps; s++) {
            float expected = t.cpu.trainStep(batch, cpuRng);
            float actual = t.trainStep(batch, simRng);
            lossSum += actual;
            worst = Math.max(worst, check(name + " step " + (s + 1) + " loss", actual, expected, 1e-5, 1e-4));
        }
        assertEquals(lossSum, t.lossSum(), 1e-9 * Math.abs(lossSum) + 1e-12, name + ": device loss sum");
        for (Map.Entry<String, float[][]> e : t.compareState().entrySet()) {
            float[] device = e.getValue()[0];
            float[] host = e.getValue()[1];
            for (int i = 0; i < host.length; i++) {
                worst = Math.max(worst, check(name + " " + e.getKey() + "[" + i + "]", device[i], host[i], 1e-5,
                        1e-3));
            }
        }
        EvalTotals totals = new EvalTotals();
        t.cpu.evalBatch(batch, totals);
        double expectedEval = sum ? totals.lossSum : totals.lossSum / n;
        worst = Math.max(worst, check(name + " eval loss", t.evalLoss(batch), expectedEval, 1e-5, 1e-4));
        System.out.printf("%s: %d steps of batch %d in the PTX interpreter match the CPU trainer; worst relative "
                + "difference %.2e%n", name, steps, n, worst);
        return worst;
    }

    private static double check(String what, float actual, double expected, double abs, double rel) {
        double diff = Math.abs(actual - expected);
        assertTrue(diff <= abs + rel * Math.abs(expected), what + ": PTX " + actual + ", CPU " + expected);
        return diff / Math.max(1e-30, Math.abs(expected));
    }

    /** A batch of n random inputs and targets of the right kind. */
    private static Batch batch(SimulatedTrainer t, int n, Rng rng, long width) {
        int features = 1;
        int targets = 1;
        boolean classes = false;
        for (DeviceBuffer b : t.module.buffers()) {
            if (b.kind() == DeviceBuffer.Kind.INPUT) {
                features = (int) b.capacity().perSample();
            } else if (b.kind() == DeviceBuffer.Kind.TARGET) {
                targets = (int) b.capacity().perSample();
                classes = b.ints();
            }
        }
        Batch batch = new Batch(n, features, targets, classes);
        batch.n = n;
        for (int i = 0; i < batch.x.length; i++) {
            batch.x[i] = rng.nextFloat() * 2 - 1;
        }
        if (classes) {
            for (int i = 0; i < n; i++) {
                batch.yInt[i] = (int) (rng.nextFloat() * width);
            }
        } else {
            for (int i = 0; i < batch.yFloat.length; i++) {
                batch.yFloat[i] = rng.nextFloat();
            }
        }
        return batch;
    }

    private static LoweredProgram sample(String path) {
        return PtxSamples.lower(PtxSamples.ROOT.resolve(path));
    }

    @Test
    void mnistCnnConvolutionMaxPoolingCrossEntropyAndMomentum() throws Exception {
        compare("mnist-cnn", sample("samples/mnist/mnist-cnn.nnet"), 3, 2);
    }

    @Test
    void flowerTanhAndBceWithLogits() throws Exception {
        compare("flower", sample("samples/basics/flower.nnet"), 70, 3);
    }

    @Test
    void diabetesSigmoidsAndBce() throws Exception {
        compare("diabetes", sample("samples/basics/diabetes.nnet"), 19, 3);
    }

    @Test
    void linearRegressionScaledMse() throws Exception {
        compare("linear-regression", sample("samples/basics/linear-regression.nnet"), 5, 3);
    }

    /** A program of one model and one train block, with a data line that checks (the batch comes from the test). */
    private static LoweredProgram program(String name, int features, String layers, String forward, String loss,
                                          String optimizer, String target) {
        String row = "[" + String.join(", ", java.util.Collections.nCopies(features, "0.5")) + "]";
        String source = "model M {\n  input x: [N, " + features + "]\n" + layers + "\n  forward(x) {\n" + forward
                + "\n  }\n}\ntrain M {\n  data train = tensors(x=[" + row + "], target=[" + target + "])\n"
                + "  batch full\n  loss " + loss + "\n  optimizer " + optimizer + "\n  epochs 1\n}\n";
        return PtxSamples.lower(name + ".nnet", source);
    }

    @Test
    void gemmWithOddSizesOverSeveralTilesAdamWithAmsgradAndWeightDecay() throws Exception {
        // 67 rows of 70 features into 65 and 3: every GEMM (x*w^T, dy*w, dy^T*x) crosses tile edges in M, N and K.
        compare("odd-gemm-adam", program("odd", 70, "  a = linear(70, 65)\n  b = linear(65, 3)",
                "    return b(sigmoid(a(x)))", "mse", "adam(lr=0.01, weight_decay=0.1, amsgrad=true)",
                "[0.1, 0.2, 0.3]"), 67, 3);
    }

    @Test
    void rmspropCenteredWithMomentumAndLogSoftmaxWithNll() throws Exception {
        compare("rmsprop-nll", program("nll", 9, "  a = linear(9, 5)", "    return log_softmax(a(x), dim=1)", "nll",
                "rmsprop(lr=0.01, alpha=0.9, momentum=0.5, centered=true, weight_decay=0.01)", "1"), 6, 3);
    }

    @Test
    void sgdNesterovWithWeightDecayTanhAndCrossEntropyOverSoftmaxedFeatures() throws Exception {
        compare("nesterov-softmax", program("nesterov", 7, "  a = linear(7, 6)\n  b = linear(6, 4)",
                "    return b(softmax(tanh(a(x)), dim=1))", "cross_entropy",
                "sgd(lr=0.1, momentum=0.9, nesterov=true, weight_decay=0.01)", "2"), 5, 3);
    }

    @Test
    void dropoutMasksDrawnOnTheHostAsTheCpuDrawsThem() throws Exception {
        compare("dropout", program("drop", 12, "  drop = dropout(p=0.3)\n  a = linear(12, 2)",
                "    return a(drop(x))", "mse", "sgd(lr=0.1)", "[0.5, 0.5]"), 8, 3);
    }

    @Test
    void averagePoolingWithPaddingCeilModeAndPoolOptions() throws Exception {
        compare("mnist-pool-options", sample("samples/mnist/mnist-pool-options.nnet"), 2, 2);
    }

    @Test
    void geluBothFormsTransposesAndSlicesOfARank3Tensor() throws Exception {
        compare("mnist-gelu-slices", sample("samples/mnist/mnist-gelu-slices.nnet"), 2, 2);
    }

    @Test
    void transposesOfTheBatchAxisAndAroundAMiddleAxisWithExactGelu() throws Exception {
        // [N, 2, 3, 2] with axes 0 and 2 swapped: N is the transposed rows (a register), mid 2, inner 2; back, then
        // axes 1 and 3 around the middle axis of 3.
        compare("transposes", program("transposes", 12, "  a = linear(12, 2)",
                "    t = gelu(x.reshape(N, 2, 3, 2).transpose(0, 2))\n"
                        + "    return a(t.transpose(0, 2).transpose(1, 3).reshape(N, 12))", "mse",
                "sgd(lr=0.1, momentum=0.9)", "[0.5, 0.5]"), 5, 3);
    }

    @Test
    void residualBlocksAddTheSkipInTheConvolutionsGemmEpilogue() throws Exception {
        compare("mnist-resnet", sample("samples/mnist/mnist-resnet.nnet"), 2, 1);
    }

    @Test
    void inceptionConcatenationSlicesAndGroupsOfBranches() throws Exception {
        compare("mnist-inception", sample("samples/mnist/mnist-inception.nnet"), 2, 1);
    }
}
