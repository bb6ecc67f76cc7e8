package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A keeping {@link Conv2d}'s weight gradient reuses the dy its lanes data gradient copied just before, as trainers
 * call them (forward, backwardData(dy), backwardWeightFromForward(dy)): the same bits as copying dy again, no reuse
 * for another dy or after another call, and {@link Conv2d#verifySharedDy} catches a caller that changed dy in
 * between (the promise in backwardData's comment). mnist conv2 (LaneDataGradient), 40 samples: blocks 16 + 16 + 8.
 */
class LaneSharedDyTest {
  private static final int N = 40;
  private final SplittableRandom rnd = new SplittableRandom(11);
  private final float[] x = Close.random(rnd, N * 10 * 12 * 12);
  private final float[] w = Close.random(rnd, 20 * 10 * 25);
  private final float[] dy = Close.random(rnd, N * 20 * 8 * 8);
  private final float[] other = Close.random(rnd, dy.length);

  @AfterEach
  void verifyOff() {
    Conv2d.verifySharedDy(false);
  }

  private static Conv2d keeping() {
    return new Conv2d(N, 10, 12, 12, 20, 5, 5, 1, 1, 0, 0, 1, 1, 1, true);
  }

  /** dW of forward(x) then the weight gradient of d alone, on a fresh object: no dy to reuse. */
  private float[] alone(float[] d) {
    Conv2d conv = keeping();
    conv.forward(N, x, 0, w, null, new float[dy.length], 0, Activation.RELU);
    float[] dW = new float[w.length];
    conv.backwardWeightFromForward(N, d, 0, dW, null, false);
    return dW;
  }

  @Test
  void reusingDyGivesTheBitsOfCopyingItAgainAndOnlyForTheSameDy() {
    if (!MicroKernel.VECTOR) {
      return; // no lanes without the Vector API: nothing is shared
    }
    assertTrue(ConvChoice.exactLanesData(new ConvGeometry(10, 12, 12, 20, 5, 5, 1, 1, 0, 0, 1, 1, 1)));
    Conv2d conv = keeping();
    float[] dx = new float[x.length];
    for (int step = 0; step < 2; step++) { // a second step: what the first left must not be reused
      float[] d = step == 0 ? dy : other;
      conv.forward(N, x, 0, w, null, new float[dy.length], 0, Activation.RELU);
      conv.backwardData(N, d, 0, w, dx, 0);
      float[] dW = new float[w.length];
      conv.backwardWeightFromForward(N, d, 0, dW, null, false);
      Close.assertSameBits("step " + step + ": reused dy", alone(d), dW);
    }
    conv.forward(N, x, 0, w, null, new float[dy.length], 0, Activation.RELU);
    conv.backwardData(N, dy, 0, w, dx, 0);
    float[] dW = new float[w.length];
    conv.backwardWeightFromForward(N, other, 0, dW, null, false);
    Close.assertSameBits("another dy array", alone(other), dW);
  }

  @Test
  void verificationCatchesDyChangedBetweenTheTwoCalls() {
    if (!MicroKernel.VECTOR) {
      return; // no lanes without the Vector API: nothing is shared
    }
    Conv2d.verifySharedDy(true);
    Conv2d conv = keeping();
    float[] d = dy.clone();
    conv.forward(N, x, 0, w, null, new float[dy.length], 0, Activation.RELU);
    conv.backwardData(N, d, 0, w, new float[x.length], 0);
    conv.backwardWeightFromForward(N, d, 0, new float[w.length], null, false); // unchanged: no complaint
    conv.forward(N, x, 0, w, null, new float[dy.length], 0, Activation.RELU);
    conv.backwardData(N, d, 0, w, new float[x.length], 0);
    d[N * 20 * 64 - 1] += 1f;
    KernelArgumentException e = assertThrows(KernelArgumentException.class,
        () -> conv.backwardWeightFromForward(N, d, 0, new float[w.length], null, false));
    assertTrue(e.getMessage().contains("dy changed after backwardData"), e.getMessage());
  }
}
