package dev.nnet.kernels;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The two directions of a bidirectional layer run together ({@link Recurrent#forwardPrepared},
 * {@link Recurrent#backwardPrepared}, on two threads where the pool has two) give exactly what two plain calls one
 * after the other give, on 1 and 2 threads and run after run: each direction's time loop is one thread's work, so
 * no thread count changes a bit. Every cell, with lengths that pad the batch.
 */
class RecurrentDirectionsTest {
  private static final int N = 7;
  private static final int T = 9;
  private static final int I = 20;
  private static final int H = 19;

  @AfterEach
  void restore() {
    Parallel.limitThreads(Parallel.poolSize());
  }

  @Test
  void pairedDirectionsEqualSequentialCalls() {
    for (Recurrent.Cell cell : Recurrent.Cell.values()) {
      Random r = new Random(cell.ordinal());
      int g = cell.gates * H;
      float[][][] w = new float[2][][];
      for (int d = 0; d < 2; d++) {
        w[d] = new float[][] {random(r, g * I), random(r, g * H), random(r, g), random(r, g)};
      }
      float[] x = random(r, T * N * I);
      float[] dOut = random(r, T * N * 2 * H);
      float[] dhN = random(r, 2 * N * H);
      float[] h0 = random(r, 2 * N * H);
      int[] lengths = {3, 9, 1, 7, 7, 2, 5};
      float[][] plain = run(cell, false, x, lengths, w, h0, dOut, dhN);
      Parallel.limitThreads(Math.min(2, Parallel.poolSize()));
      float[][] paired = run(cell, true, x, lengths, w, h0, dOut, dhN);
      assertSameBits(cell + " paired, twice", paired, run(cell, true, x, lengths, w, h0, dOut, dhN));
      Parallel.limitThreads(1);
      assertSameBits(cell + " paired on 1 and 2 threads", paired, run(cell, true, x, lengths, w, h0, dOut, dhN));
      assertSameBits(cell + " paired and plain", plain, paired);
    }
  }

  /** Both directions forward and backward; returns out, h_n, dx, dh_0 and each direction's weight gradients. */
  private static float[][] run(Recurrent.Cell cell, boolean paired, float[] x, int[] lengths, float[][][] w,
      float[] h0, float[] dOut, float[] dhN) {
    int g = cell.gates * H;
    Recurrent[] layer = {new Recurrent(cell, N, T, I, H), new Recurrent(cell, N, T, I, H)};
    float[] out = new float[T * N * 2 * H];
    float[] hN = new float[2 * N * H];
    float[] cN = new float[2 * N * H];
    float[] dx = new float[T * N * I];
    float[] dh0 = new float[2 * N * H];
    float[][] dw = new float[8][];
    for (int d = 0; d < 2; d++) {
      dw[4 * d] = new float[g * I];
      dw[4 * d + 1] = new float[g * H];
      dw[4 * d + 2] = new float[g];
      dw[4 * d + 3] = new float[g];
    }
    for (int d = 0; d < 2; d++) {
      if (paired) {
        layer[d].prepareForward(N, T, x, lengths, w[d][0], w[d][1], w[d][2], w[d][3], h0, d * N * H, h0, d * N * H,
            d == 1, out, d * H, 2 * H, hN, d * N * H, cN, d * N * H);
      } else {
        layer[d].forward(N, T, x, lengths, w[d][0], w[d][1], w[d][2], w[d][3], h0, d * N * H, h0, d * N * H,
            d == 1, out, d * H, 2 * H, hN, d * N * H, cN, d * N * H);
      }
    }
    if (paired) {
      Recurrent.forwardPrepared(layer[0], layer[1]);
    }
    for (int d = 0; d < 2; d++) {
      if (paired) {
        layer[d].prepareBackward(dOut, d * H, 2 * H, dhN, d * N * H, dhN, d * N * H, x, w[d][0], w[d][1], dx,
            d == 1, dh0, d * N * H, null, 0, dw[4 * d], 0, dw[4 * d + 1], 0, dw[4 * d + 2], 0, dw[4 * d + 3], 0);
      } else {
        layer[d].backward(dOut, d * H, 2 * H, dhN, d * N * H, dhN, d * N * H, x, w[d][0], w[d][1], dx, d == 1,
            dh0, d * N * H, null, 0, dw[4 * d], 0, dw[4 * d + 1], 0, dw[4 * d + 2], 0, dw[4 * d + 3], 0);
      }
    }
    if (paired) {
      Recurrent.backwardPrepared(layer[0], layer[1]);
    }
    return new float[][] {out, hN, cN, dx, dh0, dw[0], dw[1], dw[2], dw[3], dw[4], dw[5], dw[6], dw[7]};
  }

  private static void assertSameBits(String what, float[][] first, float[][] second) {
    for (int k = 0; k < first.length; k++) {
      Close.assertSameBits(what + ", result " + k, first[k], second[k]);
    }
  }

  private static float[] random(Random r, int size) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = (float) r.nextGaussian() * 0.5f;
    }
    return v;
  }
}
