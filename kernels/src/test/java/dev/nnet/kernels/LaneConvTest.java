package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link LaneConv} (forward and data gradient) and {@link LaneLayout} against the double reference, with the
 * tolerance of {@link Conv2dTest}, on batches around the block size (1, 15, 16, 17, 33 with 16 lanes), widths that
 * are not multiples of the 4-column tile, padding, and every activation; and the LANES algorithm of {@link Conv2d}.
 * Needs the Vector API: the surefire run with the module tests it, the plain run checks that LANES is refused.
 */
class LaneConvTest {
  private static final int OFF = 5;

  static Stream<Reference.Shape> shapes() {
    return Stream.of(
        new Reference.Shape(1, 28, 28, 10, 5, 5, 1, 1, 0, 0, 1, 1, 1),   // mnist conv1
        new Reference.Shape(6, 14, 14, 16, 5, 5, 1, 1, 0, 0, 1, 1, 1),   // lenet conv2: 10 columns, 4 + 4 + 2
        new Reference.Shape(10, 12, 12, 20, 5, 5, 1, 1, 0, 0, 1, 1, 1),  // mnist conv2
        new Reference.Shape(9, 12, 12, 5, 5, 5, 1, 1, 2, 2, 1, 1, 1),    // inception's 5x5 "same" branch
        new Reference.Shape(3, 9, 13, 7, 3, 5, 1, 1, 1, 2, 1, 1, 1),     // non-square kernel, 7 = 4 + 2 + 1 channels
        new Reference.Shape(2, 6, 3, 3, 3, 3, 1, 1, 0, 0, 1, 1, 1),      // one output column
        new Reference.Shape(5, 6, 5, 9, 1, 1, 1, 1, 0, 0, 1, 1, 1),      // 1x1
        new Reference.Shape(2, 5, 6, 3, 3, 3, 1, 1, 3, 3, 1, 1, 1),      // padding past the kernel's reach
        new Reference.Shape(7, 10, 11, 6, 3, 4, 1, 1, 0, 0, 1, 1, 1));   // LaneDataGradient: 4 + 2 + 1 dx channels
  }

  static Stream<Object[]> cases() {
    int[] batches = {1, 15, 16, 17, 33};
    Activation[] acts = Activation.values();
    return shapes().flatMap(s -> Arrays.stream(batches).mapToObj(n -> new Object[] {s, n,
        acts[(n + s.outC()) % acts.length]}));
  }

  @ParameterizedTest(name = "{0} n={1} {2}")
  @MethodSource("cases")
  void forwardAndDataGradientMatchTheDoubleReference(Reference.Shape s, int n, Activation act) {
    if (!MicroKernel.VECTOR) {
      KernelArgumentException e = assertThrows(KernelArgumentException.class,
          () -> DirectConvTest.build(s, n, false, Conv2d.Algorithm.LANES));
      assertTrue(e.getMessage().contains("Vector API"), e.getMessage());
      return;
    }
    SplittableRandom rnd = new SplittableRandom(s.hashCode() * 31L + n);
    float[] x = Close.random(rnd, OFF + n * s.inC() * s.h() * s.w());
    float[] w = Close.random(rnd, s.outC() * s.inC() * s.kH() * s.kW());
    float[] bias = Close.random(rnd, s.outC());
    float[] dy = Close.random(rnd, OFF + n * s.outC() * s.outH() * s.outW());
    int outSize = n * s.outC() * s.outH() * s.outW();
    LaneConv conv = new LaneConv(n + 3, s.inC(), s.h(), s.w(), s.outC(), s.kH(), s.kW(), s.pH(), s.pW(), n % 2 == 1);
    for (int call = 0; call < 2; call++) { // a second call on the same workspaces: stale lanes must not leak
      float[] y = Close.filled(OFF + outSize + 1, Float.NaN);
      conv.forward(n, x, OFF, w, bias, y, OFF, act);
      Reference.Result fwd = Reference.convForward(s, n, shift(x), w, bias);
      double[] expected = fwd.value().clone();
      for (int i = 0; i < expected.length; i++) {
        expected[i] = Reference.activate(act, expected[i]);
      }
      Close.assertClose(s + " n=" + n + " " + act + " forward", expected, fwd.magnitude(), y, OFF);
      assertTrue(Float.isNaN(y[OFF - 1]) && Float.isNaN(y[OFF + outSize]), "forward wrote outside y");
      Arrays.fill(x, OFF + 1, OFF + 9, 7f); // a different batch for the second call
    }
  }

  @ParameterizedTest(name = "{0} n={1}")
  @MethodSource("cases")
  void conv2dLanesAndAutoPassesMatchTheDoubleReference(Reference.Shape s, int n, Activation act) {
    if (!MicroKernel.VECTOR) {
      return; // refused above
    }
    DirectConvTest.checkEveryPass(s, Conv2d.Algorithm.LANES, n);
    // AUTO mixes lanes passes with others from a batch of one block (maxBatch n + 2): kept x shared between them
    DirectConvTest.checkEveryPass(s, Conv2d.Algorithm.AUTO, n);
  }

  static Stream<Reference.Shape> threadShapes() {
    return Stream.of(new Reference.Shape(6, 14, 14, 10, 5, 5, 1, 1, 1, 1, 1, 1, 1),
        new Reference.Shape(6, 12, 12, 10, 5, 5, 1, 1, 0, 0, 1, 1, 1)); // the data gradient by LaneDataGradient
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("threadShapes")
  void resultsAreTheSameOnEveryRunAndThreadCount(Reference.Shape s) {
    if (!MicroKernel.VECTOR) {
      return; // no lanes algorithm without the Vector API (refused above)
    }
    int n = 40; // three blocks: split 1 + 2 over two threads
    SplittableRandom rnd = new SplittableRandom(17);
    float[] x = Close.random(rnd, n * 6 * s.h() * s.w());
    float[] w = Close.random(rnd, 10 * 6 * 25);
    float[] bias = Close.random(rnd, 10);
    float[] dy = Close.random(rnd, n * 10 * s.outH() * s.outW());
    assertTrue(ConvChoice.exactLanesData(new ConvGeometry(6, 12, 12, 10, 5, 5, 1, 1, 0, 0, 1, 1, 1)));
    Close.assertSameBitsAtEveryThreadCount(() -> {
      Conv2d conv = DirectConvTest.build(s, n, false, Conv2d.Algorithm.LANES);
      float[] y = new float[dy.length];
      float[] dx = new float[x.length];
      conv.forward(n, x, 0, w, bias, y, 0, Activation.TANH);
      conv.backwardData(n, dy, 0, w, dx, 0);
      return new float[][] {y, dx};
    });
  }

  @Test
  void theExactDataGradientRefusesDyRowsOfPartialTiles() {
    if (!MicroKernel.VECTOR) {
      return; // LaneDataGradient loads only with the Vector API
    }
    // lenet conv2: 10 dy columns; ConvChoice.exactLanesData keeps such layers on LaneConv
    assertTrue(!ConvChoice.exactLanesData(new ConvGeometry(6, 14, 14, 16, 5, 5, 1, 1, 0, 0, 1, 1, 1)));
    KernelArgumentException e = assertThrows(KernelArgumentException.class,
        () -> new LaneDataGradient(16, 6, 14, 14, 16, 5, 5));
    assertTrue(e.getMessage().contains("10 dy columns, not a multiple of 4"), e.getMessage());
  }

  @Test
  void anEmptyBatchWritesNoOutputAndZeroGradients() {
    if (!MicroKernel.VECTOR) {
      return; // no lanes algorithm without the Vector API (refused above)
    }
    Reference.Shape s = new Reference.Shape(3, 8, 8, 4, 5, 5, 1, 1, 0, 0, 1, 1, 1);
    Conv2d conv = DirectConvTest.build(s, 20, true, Conv2d.Algorithm.LANES);
    float[] y = Close.filled(4, Float.NaN);
    float[] dW = Close.filled(4 * 3 * 25, 7f);
    float[] dB = Close.filled(4, 7f);
    conv.forward(0, new float[0], 0, new float[4 * 3 * 25], null, y, 0, Activation.RELU);
    conv.backwardWeightFromForward(0, new float[0], 0, dW, dB, false);
    assertTrue(Float.isNaN(y[0]), "forward of no samples wrote y");
    Close.assertSameBits("dWeight of no samples", new float[dW.length], dW);
    Close.assertSameBits("dBias of no samples", new float[4], dB);
  }

  @Test
  void layoutCopiesTheInteriorAndZeroesMissingLanes() {
    if (!MicroKernel.VECTOR) {
      return; // LaneLayout loads only with the Vector API; the plain run checks LANES is refused above
    }
    int lanes = LaneLayout.L;
    LaneLayout layout = new LaneLayout(3, 4, 5, 1, 2);
    SplittableRandom rnd = new SplittableRandom(3);
    float[] full = Close.random(rnd, 2 + 2 * lanes * 3 * 4 * 5);
    float[] x = Close.random(rnd, full.length);
    float[] buffer = new float[2 * layout.block];
    int n = lanes + 3;
    for (float[] batch : new float[][] {full, x}) { // a full batch first leaves stale lanes behind
      int count = batch == full ? 2 * lanes : n;
      for (int b = 0; b < 2; b++) {
        layout.toLanes(batch, 2, b * lanes, Math.min(lanes, count - b * lanes), buffer, b * layout.block);
      }
    }
    for (int s = 0; s < 2 * lanes; s++) {
      for (int c = 0; c < 3; c++) {
        for (int h = 0; h < 6; h++) {
          for (int v = 0; v < 9; v++) {
            int at = ((((s / lanes) * 3 + c) * 6 + h) * 9 + v) * lanes + s % lanes;
            boolean inside = h >= 1 && h < 5 && v >= 2 && v < 7;
            float expected = s < n && inside ? x[2 + ((s * 3 + c) * 4 + h - 1) * 5 + v - 2] : 0f;
            assertTrue(buffer[at] == expected, "sample " + s + " channel " + c + " row " + h + " column " + v
                + ": " + buffer[at] + ", expected " + expected);
          }
        }
      }
    }
  }

  private static float[] shift(float[] a) {
    return Arrays.copyOfRange(a, OFF, a.length);
  }
}
