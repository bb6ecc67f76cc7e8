package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Once warm, kernel calls allocate nothing: not on the calling thread, not on the pool's workers. */
class AllocationTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  /** How long warm windows may run before one must be clean (as the compiler tests' WarmWindows). */
  private static final long SETTLE_NANOS = 30_000_000_000L;

  @Test
  void theProbeSeesAllocations() {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    float[] garbage = new float[1000];
    long after = THREADS.getCurrentThreadAllocatedBytes();
    assertTrue(after - before >= 4000, "allocated " + (after - before) + " bytes for " + garbage.length + " floats");
  }

  @Test
  void warmKernelCallsAllocateNothing() {
    int batch = 64;
    // GEMM on the direct path, split by columns, by rows and by depth
    float[] a = new float[512 * 784];
    float[] b = new float[784 * 512];
    float[] c = new float[512 * 784];
    float[] bias = new float[784];
    Conv2d conv1 = new Conv2d(batch, 1, 28, 28, 10, 5, 5, 1, 1, 0, 0, 1, 1, 1);
    Conv2d conv2 = new Conv2d(batch, 10, 12, 12, 20, 5, 5, 1, 1, 0, 0, 1, 1, 1);
    Conv2d conv1Kept = new Conv2d(batch, 1, 28, 28, 10, 5, 5, 1, 1, 0, 0, 1, 1, 1, true); // shifted with the Vector API
    // with the Vector API every pass in lanes (conv2 above: the weight gradient copies x into lanes), x kept in lanes
    Conv2d conv2Kept = new Conv2d(batch, 10, 12, 12, 20, 5, 5, 1, 1, 0, 0, 1, 1, 1, true);
    Conv2d residual = new Conv2d(batch, 10, 12, 12, 10, 3, 3, 1, 1, 1, 1, 1, 1, 1); // whole-plane runs
    // 5×5 "same": lanes, the data gradient's dy padded by 2
    Conv2d same5 = new Conv2d(batch, 10, 12, 12, 10, 5, 5, 1, 1, 2, 2, 1, 1, 1, true);
    // Winograd with the Vector API: 16 channels gather and scatter whole vectors, 10 (above) copy by channel
    Conv2d block = new Conv2d(batch, 16, 12, 12, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, true);
    float[] blockX = new float[batch * 16 * 144];
    float[] blockY = new float[batch * 16 * 144];
    float[] blockW = new float[16 * 16 * 9];
    float[] blockB = new float[16];
    // and 32 channels on 4×4 planes: the product's two-vector block
    Conv2d block2 = new Conv2d(batch, 32, 4, 4, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1, true);
    float[] block2X = new float[batch * 32 * 16];
    float[] block2Y = new float[batch * 32 * 16];
    float[] block2W = new float[32 * 32 * 9];
    float[] block2B = new float[32];
    Pool2d pool = new Pool2d(Pool2d.Kind.MAX, 10, 24, 24, 2, 2, 2, 2, 0, 0, false, true);
    Pool2d avg = new Pool2d(Pool2d.Kind.AVG, 20, 8, 8, 3, 3, 1, 1, 1, 1, false, false);
    float[] x = new float[batch * 28 * 28];
    float[] y1 = new float[batch * 10 * 24 * 24];
    float[] p1 = new float[batch * 10 * 12 * 12];
    int[] idx = new int[p1.length];
    float[] y2 = new float[batch * 20 * 8 * 8];
    float[] sameY = new float[p1.length];
    float[] sameDx = new float[p1.length];
    float[] w1 = new float[250];
    float[] w2 = new float[5000];
    float[] b2 = new float[20];
    // A GRU layer over 12 steps, packed (its time loop runs a GEMM and a fused gate loop per step)
    Recurrent gru = new Recurrent(Recurrent.Cell.GRU, batch, 12, 20, 16);
    int[] lengths = new int[batch];
    for (int i = 0; i < batch; i++) {
      lengths[i] = 1 + i % 12;
    }
    float[] seq = new float[12 * batch * 20];
    float[] wIh = new float[48 * 20];
    float[] wHh = new float[48 * 16];
    float[] bGru = new float[48];
    float[] seqOut = new float[12 * batch * 16];
    float[] state = new float[batch * 16];
    float[] dSeq = new float[12 * batch * 20];
    float[] dWih = new float[48 * 20];
    float[] dWhh = new float[48 * 16];
    float[] dbGru = new float[48];
    // Max pooling with a fused ReLU and the channel sums, on arrays of their own: the step above feeds its outputs
    // back as inputs, and values that drift to infinity would send the pooling down its scalar path.
    float[] fusedX = Close.random(new java.util.SplittableRandom(7), y1.length);
    float[] fusedY = new float[p1.length];
    float[] fusedDx = new float[y1.length];
    int[] fusedIdx = new int[idx.length];
    float[] fusedBias = new float[10];
    Runnable fused = () -> {
      pool.forward(batch, fusedX, 0, fusedY, 0, fusedIdx, true);
      pool.backward(batch, fusedY, 0, fusedIdx, fusedDx, 0, fusedY, 0);
      Reduce.channelSums(batch, 10, 576, fusedDx, 0, fusedBias, 0, false);
    };
    Runnable step = () -> {
      gru.forward(batch, 12, seq, lengths, wIh, wHh, bGru, bGru, null, null, true, seqOut, 0, 16, state, null);
      gru.backward(seqOut, 0, 16, state, null, seq, wIh, wHh, dSeq, state, null, dWih, dWhh, dbGru, dbGru);
      Gemm.sgemm(false, true, 8, 6, 32, 1f, a, 0, 32, b, 0, 32, 0f, c, 0, 6, bias, 0, false, Activation.SIGMOID);
      Gemm.sgemm(false, true, 64, 512, 784, 1f, a, 0, 784, b, 0, 784, 0f, c, 0, 512, bias, 0, false,
          Activation.RELU);
      Gemm.sgemm(true, false, 512, 100, 64, 1f, a, 0, 512, b, 0, 100, 1f, c, 0, 100);
      Gemm.sgemm(false, false, 32, 400, 300, 1f, a, 0, 300, b, 0, 400, 0f, c, 0, 400, bias, 0, true,
          Activation.RELU);
      Gemm.sgemm(false, true, 64, 10, 512, 1f, a, 0, 512, b, 0, 512, 0f, c, 0, 10, bias, 0, false, Activation.NONE);
      Gemm.sgemm(false, true, 10, 25, 5000, 1f, a, 0, 5000, b, 0, 5000, 0f, c, 0, 25);
      Reduce.sumRows(64, 512, c, 0, bias, 0, true);
      conv1.forward(batch, x, 0, w1, null, y1, 0, Activation.NONE);
      pool.forward(batch, y1, 0, p1, 0, idx);
      residual.forward(batch, p1, 0, w2, b2, p1, 0, Activation.RELU);
      residual.backwardData(batch, p1, 0, w2, p1, 0);
      residual.backwardWeight(batch, p1, 0, p1, 0, w2, b2, true);
      conv2.forward(batch, p1, 0, w2, b2, y2, 0, Activation.RELU);
      avg.forward(batch, y2, 0, y2, 0, null);
      avg.backward(batch, y2, 0, null, y2, 0);
      conv2.backwardWeight(batch, p1, 0, y2, 0, w2, b2, true);
      conv2.backwardData(batch, y2, 0, w2, p1, 0);
      pool.backward(batch, p1, 0, idx, y1, 0);
      conv1.backwardWeight(batch, x, 0, y1, 0, w1, null, false);
      conv1Kept.forward(batch, x, 0, w1, null, y1, 0, Activation.RELU);
      conv1Kept.backwardWeightFromForward(batch, y1, 0, w1, b2, false);
      block.forward(batch, blockX, 0, blockW, blockB, blockY, 0, Activation.RELU);
      block.backwardData(batch, blockY, 0, blockW, blockX, 0);
      block.backwardWeightFromForward(batch, blockY, 0, blockW, blockB, true);
      block2.forward(batch, block2X, 0, block2W, block2B, block2Y, 0, Activation.NONE);
      block2.backwardData(batch, block2Y, 0, block2W, block2X, 0);
      block2.backwardWeightFromForward(batch, block2Y, 0, block2W, block2B, true);
      conv2Kept.forward(batch, p1, 0, w2, b2, y2, 0, Activation.NONE);
      conv2Kept.backwardWeightFromForward(batch, y2, 0, w2, b2, false);
      conv2Kept.backwardData(batch, y2, 0, w2, p1, 0);
      same5.forward(batch, p1, 0, w2, b2, sameY, 0, Activation.RELU);
      same5.backwardData(batch, sameY, 0, w2, sameDx, 0);
      same5.backwardWeightFromForward(batch, sameY, 0, w2, b2, true);
      fused.run();
    };
    for (int i = 0; i < 30; i++) {
      step.run();
    }
    // Settle: the JIT compiling or recompiling a kernel can allocate once (interpreted Vector API code boxes), so
    // run windows until one allocates nothing; the measured window after it must allocate nothing either.
    for (int settle = 0; settle < 40; settle++) {
      long start = THREADS.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 5; i++) {
        step.run();
      }
      if (THREADS.getCurrentThreadAllocatedBytes() == start) {
        break;
      }
    }
    List<Thread> workers = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("nnet-kernels-")) {
        workers.add(t);
      }
    }
    assertEquals(Parallel.poolSize() - 1, workers.size());
    // A call that allocates does so in every window, so one clean window proves there is none, on the caller and
    // on every worker alike. A JIT event (a deoptimization rematerializing scalar-replaced vectors, or a kernel
    // still in a lower tier because C2 compiles late on a loaded machine or in a JVM that ran other tests first)
    // lands in some windows only, and then a later one is clean; so windows run for up to SETTLE_NANOS.
    long[] allocated = new long[workers.size() + 1];
    long[] workersBefore = new long[workers.size()];
    int windows = 0;
    long deadline = System.nanoTime() + SETTLE_NANOS;
    for (; windows == 0 || java.util.Arrays.stream(allocated).anyMatch(bytes -> bytes != 0)
        && System.nanoTime() < deadline; windows++) {
      long callerBefore = THREADS.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < workers.size(); i++) {
        workersBefore[i] = THREADS.getThreadAllocatedBytes(workers.get(i).getId());
      }
      for (int i = 0; i < 5; i++) {
        step.run();
      }
      allocated[0] = THREADS.getCurrentThreadAllocatedBytes() - callerBefore;
      for (int i = 0; i < workers.size(); i++) {
        allocated[i + 1] = THREADS.getThreadAllocatedBytes(workers.get(i).getId()) - workersBefore[i];
      }
    }
    assertEquals(0, allocated[0], "bytes allocated by the calling thread in the last of " + windows
        + " windows of 5 warm steps");
    for (int i = 0; i < workers.size(); i++) {
      assertEquals(0, allocated[i + 1], "bytes allocated by " + workers.get(i).getName() + " in the same window");
    }
  }
}
