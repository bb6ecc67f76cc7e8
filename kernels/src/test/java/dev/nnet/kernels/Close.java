package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

/** Tolerance checks and seeded test data shared by the kernel tests. */
final class Close {
  static final double RELATIVE = 1e-4;
  static final double ABSOLUTE = 1e-6;

  private Close() {}

  /** actual[off + i] must be within RELATIVE * magnitude[i] + ABSOLUTE of expected[i], for every i. */
  static void assertClose(String what, double[] expected, double[] magnitude, float[] actual, int off) {
    for (int i = 0; i < expected.length; i++) {
      double a = actual[off + i];
      double e = expected[i];
      double tolerance = RELATIVE * magnitude[i] + ABSOLUTE;
      if (!(Math.abs(a - e) <= tolerance)) {
        fail(what + ": element " + i + " is " + a + ", expected " + e + " (tolerance " + tolerance + ")");
      }
    }
  }

  /** Two float results of the same computation must agree within the tolerance of the reference magnitudes. */
  static void assertAgree(String what, float[] first, float[] second, double[] magnitude) {
    for (int i = 0; i < magnitude.length; i++) {
      double tolerance = RELATIVE * magnitude[i] + ABSOLUTE;
      if (!(Math.abs((double) first[i] - second[i]) <= tolerance)) {
        fail(what + ": element " + i + " is " + first[i] + " and " + second[i] + " (tolerance " + tolerance + ")");
      }
    }
  }

  /** Bit-for-bit equality, NaN payloads and signed zeros included. */
  static void assertSameBits(String what, float[] first, float[] second) {
    if (first.length != second.length) {
      fail(what + ": lengths " + first.length + " and " + second.length);
    }
    for (int i = 0; i < first.length; i++) {
      if (Float.floatToRawIntBits(first[i]) != Float.floatToRawIntBits(second[i])) {
        fail(what + ": element " + i + " differs: " + first[i] + " vs " + second[i]);
      }
    }
  }

  /** Runs {@code results} twice at every thread count of the pool; every run must give the first run's bits. */
  static void assertSameBitsAtEveryThreadCount(java.util.function.Supplier<float[][]> results) {
    float[][] first = null;
    try {
      for (int threads = 1; threads <= Parallel.poolSize(); threads++) {
        Parallel.limitThreads(threads);
        for (int run = 0; run < 2; run++) {
          float[][] now = results.get();
          if (first == null) {
            first = now;
          }
          for (int i = 0; i < now.length; i++) {
            assertSameBits("result " + i + " with " + threads + " threads, run " + run, first[i], now[i]);
          }
        }
      }
    } finally {
      Parallel.limitThreads(Parallel.poolSize());
    }
  }

  static float[] random(SplittableRandom rnd, int length) {
    float[] a = new float[length];
    for (int i = 0; i < length; i++) {
      a[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return a;
  }

  static float[] filled(int length, float value) {
    float[] a = new float[length];
    java.util.Arrays.fill(a, value);
    return a;
  }
}
