package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Erf and the GELU built on it against references computed here another way: the Taylor series of erf for small
 * arguments and the continued fraction of erfc for large ones, both in double.
 */
class ErfTest {
  private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

  /** erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)); at |x| <= 2.5 the terms cancel by two digits at most. */
  private static double taylorErf(double x) {
    double term = x;
    double sum = x;
    for (int n = 1; n < 200 && Math.abs(term) > 1e-300; n++) {
      term *= -x * x / n;
      sum += term / (2 * n + 1);
    }
    return TWO_OVER_SQRT_PI * sum;
  }

  /** erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))) for x >= 2, from the bottom up. */
  private static double fractionErfc(double x) {
    double tail = x;
    for (int k = 400; k >= 1; k--) {
      tail = x + (k / 2.0) / tail;
    }
    return Math.exp(-x * x) / Math.sqrt(Math.PI) / tail;
  }

  private static double referenceErfc(double x) {
    if (x < 0) {
      return 2 - referenceErfc(-x);
    }
    return x < 2.5 ? 1 - taylorErf(x) : fractionErfc(x);
  }

  private static double referenceErf(double x) {
    return Math.abs(x) < 2.5 ? taylorErf(x) : Math.signum(x) * (1 - fractionErfc(Math.abs(x)));
  }

  @Test
  void erfAndErfcAgreeWithTheSeriesAndTheFraction() {
    double worstErf = 0;
    double worstErfc = 0;
    for (double x = -6; x <= 9.9; x += 1 / 1024.0) {
      double want = referenceErf(x);
      if (want != 0) {
        worstErf = Math.max(worstErf, Math.abs(Erf.erf(x) - want) / Math.abs(want));
      }
      double wantC = referenceErfc(x);
      worstErfc = Math.max(worstErfc, Math.abs(Erf.erfc(x) - wantC) / wantC);
    }
    assertTrue(worstErf < 1e-10, "worst relative error of erf " + worstErf);
    assertTrue(worstErfc < 1e-10, "worst relative error of erfc " + worstErfc);
    assertEquals(0.0, Erf.erf(0.0));
    assertEquals(1.0, Erf.erf(Double.POSITIVE_INFINITY));
    assertEquals(-1.0, Erf.erf(Double.NEGATIVE_INFINITY));
    assertEquals(2.0, Erf.erfc(Double.NEGATIVE_INFINITY));
    assertTrue(Double.isNaN(Erf.erf(Double.NaN)) && Double.isNaN(Erf.erfc(Double.NaN)));
  }

  /** Every float result within one ulp of the double reference, rounded: over a grid and random floats. */
  @Test
  void geluIsWithinOneUlpInFloat() {
    SplittableRandom random = new SplittableRandom(13);
    double sqrtHalf = Math.sqrt(0.5);
    for (int i = 0; i < 200_000; i++) {
      float x = i < 100_000 ? -13f + i * (26f / 100_000) : (float) (random.nextDouble(-14, 14));
      float want = (float) (0.5 * x * referenceErfc(-x * sqrtHalf));
      float got = Activation.gelu(x);
      assertTrue(Math.abs(got - want) <= Math.ulp(want), "gelu(" + x + ") = " + got + ", want " + want);
      double slope = 0.5 * referenceErfc(-x * sqrtHalf) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
      float gotSlope = Activation.geluSlope(x);
      assertTrue(Math.abs(gotSlope - (float) slope) <= Math.ulp((float) slope) + 1e-30f,
          "gelu'(" + x + ") = " + gotSlope + ", want " + slope);
    }
    assertEquals(0f, Activation.gelu(0f));
    assertEquals(Float.POSITIVE_INFINITY, Activation.gelu(Float.POSITIVE_INFINITY));
    assertTrue(Float.isNaN(Activation.gelu(Float.NaN)));
  }

  /** The tanh form's derivative against central differences of the form itself, in double. */
  @Test
  void geluTanhSlopeIsItsDerivative() {
    for (float x = -8f; x <= 8f; x += 0.01f) {
      double h = 1e-3;
      double up = tanhForm(x + h);
      double down = tanhForm(x - h);
      assertEquals((up - down) / (2 * h), Activation.geluTanhSlope(x), 1e-5, "at " + x);
      assertEquals((float) tanhForm(x), Activation.geluTanh(x), Math.ulp((float) tanhForm(x)), "at " + x);
    }
  }

  private static double tanhForm(double x) {
    return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
  }
}
