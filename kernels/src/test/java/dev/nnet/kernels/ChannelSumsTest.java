package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Reduce#channelSums}: the sums, and the documented order of additions, bit for bit. */
class ChannelSumsTest {
  @ParameterizedTest(name = "n={0} channels={1} plane={2} accumulate={3}")
  @CsvSource({
      "64, 10, 576, false",  // mnist-cnn conv1: 24x24 planes
      "64, 20, 64, true",    // conv2: 8x8
      "64, 6, 784, false",   // lenet conv1: 28x28
      "64, 16, 100, true",   // lenet conv2: 10x10, a tail of 4 past the vectors
      "3, 5, 196, false",    // 14x14
      "2, 3, 7, true",       // a plane shorter than a vector: all tail
      "0, 4, 9, true", "0, 4, 9, false"})
  void sumsEachChannelInTheDocumentedOrder(int n, int channels, int plane, boolean accumulate) {
    SplittableRandom rnd = new SplittableRandom(n * 31L + channels * 7L + plane);
    int off = 5;
    int dstOff = 2;
    float[] src = Close.random(rnd, off + n * channels * plane);
    float[] dst = accumulate ? Close.random(rnd, dstOff + channels + 1)
        : Close.filled(dstOff + channels + 1, Float.NaN);
    float[] before = dst.clone();
    float sentinel = dst[dstOff + channels];
    double[] expected = new double[channels];
    double[] magnitude = new double[channels];
    for (int c = 0; c < channels; c++) {
      expected[c] = accumulate ? dst[dstOff + c] : 0;
      magnitude[c] = Math.abs(expected[c]);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < plane; j++) {
          float v = src[off + (i * channels + c) * plane + j];
          expected[c] += v;
          magnitude[c] += Math.abs(v);
        }
      }
    }
    Reduce.channelSums(n, channels, plane, src, off, dst, dstOff, accumulate);
    Close.assertClose("channelSums", expected, magnitude, dst, dstOff);
    assertEquals(sentinel, dst[dstOff + channels], "wrote past the last channel");

    int lanes = MicroKernel.VECTOR ? VectorChannelSum.lanes() : Reduce.CHANNEL_LANES;
    for (int c = 0; c < channels; c++) {
      double s = inOrder(n, channels, plane, src, off, c, lanes);
      float want = (float) (accumulate ? before[dstOff + c] + s : s);
      assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(dst[dstOff + c]), "channel " + c);
    }
  }

  @Test
  void rejectsAShortSource() {
    KernelArgumentException e = assertThrows(KernelArgumentException.class,
        () -> Reduce.channelSums(2, 3, 4, new float[23], 0, new float[3], 0, false));
    assertTrue(e.getMessage().contains("src needs 24"), e.getMessage());
  }

  /** The order Reduce.channelSums documents: partial sum k over positions k mod lanes, folded in order, then tails. */
  private static double inOrder(int n, int channels, int plane, float[] src, int off, int c, int lanes) {
    double[] partial = new double[lanes];
    int body = plane - plane % lanes;
    double tail = 0;
    for (int i = 0; i < n; i++) {
      int base = off + (i * channels + c) * plane;
      for (int j = 0; j < body; j++) {
        partial[j % lanes] += src[base + j];
      }
      for (int j = body; j < plane; j++) {
        tail += src[base + j];
      }
    }
    double s = 0;
    for (double p : partial) {
      s += p;
    }
    return s + tail;
  }
}
