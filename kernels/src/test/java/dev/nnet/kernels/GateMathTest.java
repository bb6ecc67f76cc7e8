package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The recurrent gates' float exp, sigmoid and tanh: within a few ulp of float64 over the range a gate sees, and
 * (run by surefire with and without the Vector API) the vector runs equal the scalar function lane for lane, for
 * every run length and offset, overlapping last vector included.
 */
class GateMathTest {
  @Test
  void closeToFloat64() {
    assertUlps("exp", GateMath::exp, Math::exp, -87, 88, 1.5);
    assertUlps("sigmoid", GateMath::sigmoid, x -> 1 / (1 + Math.exp(-x)), -80, 80, 2.5);
    assertUlps("tanh", GateMath::tanh, Math::tanh, -20, 20, 1.5);
    assertEquals(1f, GateMath.tanh(50f));
    assertEquals(-1f, GateMath.tanh(-50f));
    assertEquals(1f, GateMath.sigmoid(200f));
    assertTrue(GateMath.sigmoid(-200f) >= 0f && GateMath.sigmoid(-200f) < 1e-37f);
  }

  @Test
  void runsEqualTheScalarFunctionBitForBit() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int len = 1; len <= 70; len++) {
      for (int from = 0; from < 3; from++) {
        float[] src = new float[from + len];
        for (int i = 0; i < src.length; i++) {
          // mostly where gates live, some far out, some around tanh's switch at 0.625
          double u = rnd.nextDouble();
          src[i] = (float) (u < 0.7 ? rnd.nextDouble(-6, 6) : u < 0.85 ? rnd.nextDouble(-100, 100)
              : rnd.nextDouble(-0.7, 0.7));
        }
        float[] sig = new float[len + 2];
        float[] tanh = new float[len + 2];
        GateMath.sigmoid(src, from, sig, 1, len);
        GateMath.tanh(src, from, tanh, 1, len);
        for (int i = 0; i < len; i++) {
          float x = src[from + i];
          assertEquals(Float.floatToIntBits(GateMath.sigmoid(x)), Float.floatToIntBits(sig[1 + i]),
              "sigmoid(" + x + ") at " + i + " of " + len);
          assertEquals(Float.floatToIntBits(GateMath.tanh(x)), Float.floatToIntBits(tanh[1 + i]),
              "tanh(" + x + ") at " + i + " of " + len);
        }
        assertEquals(0f, sig[0]);
        assertEquals(0f, sig[len + 1]);
      }
    }
  }

  private static void assertUlps(String what, FloatFn f, DoubleUnaryOperator exact, double lo, double hi,
      double maxUlps) {
    double worst = 0;
    float worstX = 0;
    int n = 400_000;
    for (int i = 0; i <= n; i++) {
      float x = (float) (lo + (hi - lo) * i / n);
      worst = Math.max(worst, ulps(f.apply(x), exact.applyAsDouble(x)));
      float tiny = (float) Math.scalb(1.0 + (double) i / n, -(i % 40)); // small |x|, where relative error shows
      for (float t : new float[] {tiny, -tiny}) {
        double u = ulps(f.apply(t), exact.applyAsDouble(t));
        if (u > worst) {
          worst = u;
          worstX = t;
        }
      }
    }
    assertTrue(worst <= maxUlps, what + " is " + worst + " ulp off at " + worstX + "; at most " + maxUlps);
  }

  private static double ulps(float got, double exact) {
    return Math.abs(got - exact) / Math.ulp((float) exact);
  }

  interface FloatFn {
    float apply(float x);
  }
}
