package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Pool2dTest {
  private static final int OFF = 3;

  /** A pooling configuration: image, kernel, stride, padding, ceil mode, count_include_pad. */
  record Cfg(int c, int h, int w, int kH, int kW, int sH, int sW, int pH, int pW, boolean ceil, boolean includePad) {
    Pool2d build(Pool2d.Kind kind) {
      return new Pool2d(kind, c, h, w, kH, kW, sH, sW, pH, pW, ceil, includePad);
    }
  }

  static Stream<Cfg> configs() {
    return Stream.of(
        new Cfg(10, 24, 24, 2, 2, 2, 2, 0, 0, false, true),   // mnist-cnn max_pool2d(2)
        new Cfg(3, 12, 12, 3, 3, 1, 1, 1, 1, false, true),    // inception avg_pool(3, 1, 1)
        new Cfg(3, 12, 12, 3, 3, 1, 1, 1, 1, false, false),
        new Cfg(2, 7, 8, 3, 3, 2, 2, 1, 1, true, true),       // overlapping windows, ceil mode
        new Cfg(2, 7, 8, 3, 3, 2, 2, 1, 1, true, false),
        new Cfg(2, 7, 8, 3, 3, 2, 2, 1, 1, false, false),
        new Cfg(2, 6, 9, 2, 3, 1, 2, 1, 1, false, true),      // non-square, stride 1 by 2
        new Cfg(1, 5, 5, 2, 2, 3, 3, 1, 1, true, false),      // ceil mode drops a window that starts in padding
        new Cfg(2, 5, 6, 2, 2, 2, 2, 0, 0, true, true),       // ceil mode keeps a partial last window
        new Cfg(4, 5, 7, 5, 7, 1, 1, 0, 0, false, true),      // global pooling
        // planes of several vectors of outputs (the Vector API path): vectors across row ends, a scalar tail,
        // vectors with clipped windows, overlapping windows
        new Cfg(2, 20, 34, 2, 2, 2, 2, 0, 0, false, true),
        new Cfg(3, 17, 19, 3, 3, 2, 2, 1, 1, false, true),
        new Cfg(2, 9, 11, 3, 2, 1, 1, 0, 0, true, true),
        new Cfg(2, 41, 40, 2, 2, 2, 2, 0, 0, true, true),
        // max_pool2d(2) windows that tile the image, rows of 8 to 17 outputs: the gradient written window by window
        // (lenet's and mnist-resnet's first poolings; a row of exactly one vector; a row of two and a bit)
        new Cfg(6, 28, 28, 2, 2, 2, 2, 0, 0, false, true),
        new Cfg(3, 16, 24, 2, 2, 2, 2, 0, 0, false, true),
        new Cfg(2, 6, 16, 2, 2, 2, 2, 0, 0, false, true),
        new Cfg(2, 4, 34, 2, 2, 2, 2, 0, 0, false, true),
        // rows taken two at a time (twelve and twenty outputs), the pairs running on across plane ends (odd output
        // heights), a dropped last column (odd widths)
        new Cfg(3, 10, 25, 2, 2, 2, 2, 0, 0, false, true),
        new Cfg(3, 14, 41, 2, 2, 2, 2, 0, 0, false, true),
        new Cfg(4, 3, 24, 2, 2, 2, 2, 0, 0, false, true),
        // max_pool2d(2) rows shorter than a vector, whose vectors run on into the next rows and planes: lenet's second
        // pooling, odd heights and widths (a dropped last row or column), rows of two and three outputs
        new Cfg(16, 10, 10, 2, 2, 2, 2, 0, 0, false, true),
        new Cfg(3, 9, 8, 2, 2, 2, 2, 0, 0, false, true),
        new Cfg(2, 7, 15, 2, 2, 2, 2, 0, 0, false, true),
        new Cfg(5, 6, 7, 2, 2, 2, 2, 0, 0, false, true),
        new Cfg(7, 5, 4, 2, 2, 2, 2, 0, 0, false, true),
        // inception's avg_pool2d(3, 1, 1) on its second module's 4×4 planes, and 5×5 windows at stride 1 on 7×9
        new Cfg(20, 4, 4, 3, 3, 1, 1, 1, 1, false, true),
        new Cfg(3, 7, 9, 5, 5, 1, 1, 2, 2, false, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void maxMatchesPaddedReference(Cfg cfg) {
    checkMax(cfg, false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void maxHandlesNaNInfinitiesAndSignedZerosLikePyTorch(Cfg cfg) {
    checkMax(cfg, true);
  }

  private static void checkMax(Cfg cfg, boolean specials) {
    int n = 3;
    Pool2d pool = cfg.build(Pool2d.Kind.MAX);
    int oh = pool.outHeight();
    int ow = pool.outWidth();
    assertEquals(outSize(cfg.h, cfg.kH, cfg.sH, cfg.pH, cfg.ceil), oh);
    assertEquals(outSize(cfg.w, cfg.kW, cfg.sW, cfg.pW, cfg.ceil), ow);
    SplittableRandom rnd = new SplittableRandom(cfg.hashCode());
    float[] x = Close.random(rnd, OFF + n * cfg.c * cfg.h * cfg.w);
    for (int i = OFF; i < x.length; i += 7) {
      x[i] = x[i - 1]; // ties, so "first maximum wins" is exercised
    }
    if (specials) {
      for (int i = OFF; i < x.length; i++) {
        int r = (i * 7919) % 211;
        x[i] = r == 0 ? Float.NaN : r == 1 ? Float.POSITIVE_INFINITY : r == 2 ? Float.NEGATIVE_INFINITY
            : r < 60 ? (r % 2 == 0 ? -0f : 0f) : x[i] - 2f; // mostly signed zeros above negative values
      }
    }
    int outs = n * cfg.c * oh * ow;
    float[] y = new float[OFF + outs];
    int[] idx = new int[outs];
    pool.forward(n, x, OFF, y, OFF, idx);

    float[] dy = Close.random(rnd, OFF + outs);
    double[] expectedDx = new double[n * cfg.c * cfg.h * cfg.w];
    for (int plane = 0; plane < n * cfg.c; plane++) {
      for (int o = 0; o < oh * ow; o++) {
        int[] best = referenceMax(cfg, x, OFF + plane * cfg.h * cfg.w, o / ow, o % ow);
        int out = plane * oh * ow + o;
        // bit-exact: a NaN, and which of -0 and +0, must match too
        assertEquals(Float.floatToRawIntBits(x[OFF + plane * cfg.h * cfg.w + best[0]]),
            Float.floatToRawIntBits(y[OFF + out]), "value of output " + out);
        assertEquals(best[0], idx[out], "index of output " + out);
        expectedDx[plane * cfg.h * cfg.w + best[0]] += dy[OFF + out];
      }
    }
    float[] dx = Close.filled(OFF + expectedDx.length, Float.NaN);
    pool.backward(n, dy, OFF, idx, dx, OFF);
    Close.assertClose(cfg + " max backward", expectedDx, ones(expectedDx.length), dx, OFF);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void avgMatchesPaddedReference(Cfg cfg) {
    int n = 2;
    Pool2d pool = cfg.build(Pool2d.Kind.AVG);
    int oh = pool.outHeight();
    int ow = pool.outWidth();
    SplittableRandom rnd = new SplittableRandom(cfg.hashCode() + 1);
    float[] x = Close.random(rnd, OFF + n * cfg.c * cfg.h * cfg.w);
    int outs = n * cfg.c * oh * ow;
    float[] y = Close.filled(OFF + outs, Float.NaN);
    pool.forward(n, x, OFF, y, OFF, null);
    float[] dy = Close.random(rnd, OFF + outs);
    double[] expectedY = new double[outs];
    double[] expectedDx = new double[n * cfg.c * cfg.h * cfg.w];
    for (int plane = 0; plane < n * cfg.c; plane++) {
      for (int o = 0; o < oh * ow; o++) {
        int out = plane * oh * ow + o;
        int h0 = (o / ow) * cfg.sH - cfg.pH;
        int w0 = (o % ow) * cfg.sW - cfg.pW;
        // the window clipped to the padded image, and the in-image positions within it
        int hEnd = Math.min(h0 + cfg.kH, cfg.h + cfg.pH);
        int wEnd = Math.min(w0 + cfg.kW, cfg.w + cfg.pW);
        double sum = 0;
        int valid = 0;
        for (int h = h0; h < hEnd; h++) {
          for (int w = w0; w < wEnd; w++) {
            if (h >= 0 && h < cfg.h && w >= 0 && w < cfg.w) {
              sum += x[OFF + (plane * cfg.h + h) * cfg.w + w];
              valid++;
            }
          }
        }
        int divisor = cfg.includePad ? (hEnd - h0) * (wEnd - w0) : valid;
        expectedY[out] = sum / divisor;
        for (int h = Math.max(h0, 0); h < Math.min(hEnd, cfg.h); h++) {
          for (int w = Math.max(w0, 0); w < Math.min(wEnd, cfg.w); w++) {
            expectedDx[(plane * cfg.h + h) * cfg.w + w] += dy[OFF + out] / (double) divisor;
          }
        }
      }
    }
    Close.assertClose(cfg + " avg forward", expectedY, ones(outs), y, OFF);
    float[] dx = Close.filled(OFF + expectedDx.length, Float.NaN);
    pool.backward(n, dy, OFF, null, dx, OFF);
    Close.assertClose(cfg + " avg backward", expectedDx, ones(expectedDx.length), dx, OFF);
  }

  /**
   * The Vector API paths (max pooling's, average pooling's at stride 1) against the scalar loops, bit for bit, NaN,
   * infinities and signed zeros included: forward, the fused ReLU, indices and both gradients. Without the Vector API
   * (the plain surefire run) both sides are the scalar loops.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void vectorPathsAreTheScalarLoopsBitForBit(Cfg cfg) {
    int n = 5;
    for (Pool2d.Kind kind : Pool2d.Kind.values()) {
      Pool2d vector = new Pool2d(kind, cfg.c, cfg.h, cfg.w, cfg.kH, cfg.kW, cfg.sH, cfg.sW, cfg.pH, cfg.pW, cfg.ceil,
          cfg.includePad, true);
      Pool2d scalar = new Pool2d(kind, cfg.c, cfg.h, cfg.w, cfg.kH, cfg.kW, cfg.sH, cfg.sW, cfg.pH, cfg.pW, cfg.ceil,
          cfg.includePad, false);
      SplittableRandom rnd = new SplittableRandom(cfg.hashCode() + kind.ordinal());
      float[] x = Close.random(rnd, OFF + n * cfg.c * cfg.h * cfg.w);
      for (int i = OFF; i < x.length; i++) {
        int r = rnd.nextInt(400);
        x[i] = r == 0 ? Float.NaN : r == 1 ? Float.POSITIVE_INFINITY : r == 2 ? Float.NEGATIVE_INFINITY
            : r < 40 ? -0f : r < 60 ? 0f : r < 80 ? x[i - 1] : x[i];
      }
      int outs = n * cfg.c * vector.outHeight() * vector.outWidth();
      float[] dy = Close.random(rnd, OFF + outs);
      float[] dyAdd = Close.random(rnd, OFF + outs);
      for (int i = OFF; i < dy.length; i += 7) { // -0 gradients, which the scatter's add turns into +0
        dy[i] = -0f;
        dyAdd[i] = i % 2 == 0 ? -0f : dyAdd[i];
      }
      boolean max = kind == Pool2d.Kind.MAX;
      for (boolean relu : max ? new boolean[] {false, true} : new boolean[] {false}) {
        for (boolean add : max ? new boolean[] {false, true} : new boolean[] {false}) {
          float[][] y = new float[2][OFF + outs];
          int[][] idx = new int[2][max ? outs : 0];
          float[][] dx = new float[2][x.length];
          Pool2d[] pools = {vector, scalar};
          for (int v = 0; v < 2; v++) {
            pools[v].forward(n, x, OFF, y[v], OFF, max ? idx[v] : null, relu);
            pools[v].backward(n, dy, OFF, add ? dyAdd : null, OFF, max ? idx[v] : null, dx[v], OFF,
                relu ? y[v] : null, OFF);
          }
          String what = cfg + " " + kind + (relu ? " relu" : "") + (add ? " dyAdd" : "");
          assertBits(y[1], y[0], what + " forward");
          assertArrayEquals(idx[1], idx[0], what + " indices");
          assertBits(dx[1], dx[0], what + " backward");
        }
      }
    }
  }

  private static void assertBits(float[] expected, float[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), what + " at " + i);
    }
  }

  @Test
  void outputSizesMatchPyTorch() {
    // torch.nn.MaxPool2d(k, s, p, ceil_mode) on an HxH input; values from ATen's pooling_output_shape.
    assertEquals(2, new Pool2d(Pool2d.Kind.MAX, 1, 5, 5, 2, 2, 2, 2, 0, 0, false, true).outHeight());
    assertEquals(3, new Pool2d(Pool2d.Kind.MAX, 1, 5, 5, 2, 2, 2, 2, 0, 0, true, true).outHeight());
    assertEquals(2, new Pool2d(Pool2d.Kind.MAX, 1, 6, 6, 3, 3, 3, 3, 1, 1, false, true).outHeight());
    assertEquals(3, new Pool2d(Pool2d.Kind.MAX, 1, 6, 6, 3, 3, 3, 3, 1, 1, true, true).outHeight());
    assertEquals(2, new Pool2d(Pool2d.Kind.MAX, 1, 5, 5, 2, 2, 3, 3, 1, 1, true, true).outHeight());
    assertEquals(12, new Pool2d(Pool2d.Kind.MAX, 10, 24, 24, 2, 2, 2, 2, 0, 0, false, true).outWidth());
  }

  @Test
  void maxTakesTheFirstOfEqualMaximaAndPropagatesNaNLikePyTorch() {
    Pool2d pool = new Pool2d(Pool2d.Kind.MAX, 1, 2, 4, 2, 2, 2, 2, 0, 0, false, true);
    float nan = Float.NaN;
    float[] x = {
        3, 1, nan, 9,
        2, 3, 5, nan};
    float[] y = new float[2];
    int[] idx = new int[2];
    pool.forward(1, x, 0, y, 0, idx);
    assertEquals(3f, y[0]);
    assertEquals(0, idx[0]); // tie between (0,0) and (1,1): the first in window order
    assertTrue(Float.isNaN(y[1]));
    assertEquals(7, idx[1]); // ATen keeps replacing on NaN, so the last NaN's index is reported

    // a window of -inf only reports its first in-image position
    Pool2d padded = new Pool2d(Pool2d.Kind.MAX, 1, 2, 2, 2, 2, 2, 2, 1, 1, false, true);
    float inf = Float.NEGATIVE_INFINITY;
    float[] y2 = new float[4];
    int[] idx2 = new int[4];
    padded.forward(1, new float[] {inf, inf, inf, inf}, 0, y2, 0, idx2);
    assertArrayEquals(new int[] {0, 1, 2, 3}, idx2);
    assertEquals(inf, y2[3]);
  }

  @Test
  void rejectsPaddingBeyondHalfTheKernelAndMissingIndices() {
    KernelArgumentException e = assertThrows(KernelArgumentException.class,
        () -> new Pool2d(Pool2d.Kind.MAX, 1, 8, 8, 2, 2, 2, 2, 2, 0, false, true));
    assertTrue(e.getMessage().contains("pad <= kernel / 2"), e.getMessage());
    Pool2d pool = new Pool2d(Pool2d.Kind.MAX, 1, 4, 4, 2, 2, 2, 2, 0, 0, false, true);
    e = assertThrows(KernelArgumentException.class,
        () -> pool.backward(1, new float[4], 0, null, new float[16], 0));
    assertTrue(e.getMessage().contains("indices"), e.getMessage());
  }

  /** [index within the plane] of the window's maximum, by ATen's rule, scanning the window over the padded image. */
  private static int[] referenceMax(Cfg cfg, float[] x, int plane, int oh, int ow) {
    int h0 = oh * cfg.sH - cfg.pH;
    int w0 = ow * cfg.sW - cfg.pW;
    double best = Double.NEGATIVE_INFINITY;
    int at = -1;
    for (int h = h0; h < h0 + cfg.kH; h++) {
      for (int w = w0; w < w0 + cfg.kW; w++) {
        if (h < 0 || h >= cfg.h || w < 0 || w >= cfg.w) {
          continue; // -inf padding never wins
        }
        if (at < 0) {
          at = h * cfg.w + w;
        }
        float v = x[plane + h * cfg.w + w];
        if (v > best || Float.isNaN(v)) {
          best = v;
          at = h * cfg.w + w;
        }
      }
    }
    return new int[] {at};
  }

  private static int outSize(int size, int k, int s, int p, boolean ceil) {
    int out = (int) (ceil ? Math.ceil((size + 2.0 * p - k) / s) : Math.floor((size + 2.0 * p - k) / s)) + 1;
    if (ceil && (out - 1) * s >= size + p) {
      out--;
    }
    return out;
  }

  private static double[] ones(int n) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, 1.0);
    return a;
  }
}
