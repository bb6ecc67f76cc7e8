package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What AUTO runs for the seed networks' 5×5 and 3×3 "same" layers as trainers build them (batch 64, keepColumns), pass by pass,
 * as measured and recorded in tools/bench/PROFILE.md ("lanes"): a change to a rule shows up here. Without the
 * Vector API every pass is im2col + GEMM.
 */
class ConvChoiceTest {
  static Stream<Arguments> layers() {
    return Stream.of(
        // inC, size, outC, pad: forward, data, weight (L lanes, D direct, S shifted, I implicit)
        Arguments.of("mnist conv1", 1, 28, 10, 0, "S", "L", "S"),
        Arguments.of("lenet conv1", 1, 32, 6, 0, "S", "L", "S"),
        Arguments.of("lenet conv1 on 28x28 padded by 2", 1, 28, 6, 2, "S", "L", "S"),
        Arguments.of("mnist conv2", 10, 12, 20, 0, "L", "L", "L"),
        Arguments.of("lenet conv2", 6, 14, 16, 0, "L", "L", "L"),
        Arguments.of("resnet conv2", 16, 12, 32, 0, "L", "L", "L"),
        Arguments.of("inception conv2", 88, 12, 20, 0, "L", "L", "L"),
        Arguments.of("inception 5x5 branch", 16, 12, 24, 2, "L", "L", "L"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void autoPicksTheMeasuredAlgorithmPerPass(String name, int inC, int size, int outC, int pad, String forward,
      String data, String weight) {
    ConvGeometry g = new ConvGeometry(inC, size, size, outC, 5, 5, 1, 1, pad, pad, 1, 1, 1);
    ConvChoice c = ConvChoice.of(g, 64, Conv2d.Algorithm.AUTO, true);
    String got = letter(c.lanesForward(), c.directForward(), c.shiftedForward(), c.implicit().forward()) + ", "
        + letter(c.lanesData(), c.directData(), false, c.implicit().data()) + ", "
        + letter(c.lanesWeight(), c.directWeight(), c.shiftedWeight(), c.implicit().weight());
    assertEquals(MicroKernel.VECTOR ? forward + ", " + data + ", " + weight : "G, G, G", got, name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void aBatchSmallerThanABlockRunsNoLanes(String name, int inC, int size, int outC, int pad, String forward,
      String data, String weight) {
    ConvGeometry g = new ConvGeometry(inC, size, size, outC, 5, 5, 1, 1, pad, pad, 1, 1, 1);
    int small = MicroKernel.VECTOR ? LaneLayout.L - 1 : 8;
    ConvChoice c = ConvChoice.of(g, small, Conv2d.Algorithm.AUTO, true);
    assertEquals("false false false", c.lanesForward() + " " + c.lanesData() + " " + c.lanesWeight(), name);
  }

  static Stream<Arguments> sameThreeByThreeLayers() {
    return Stream.of(
        // inC, size, outC
        Arguments.of("resnet block 1", 16, 12, 16),
        Arguments.of("resnet block 2", 32, 4, 32),
        Arguments.of("inception incep1 3x3 first", 16, 12, 24),
        Arguments.of("inception incep1 3x3 second", 24, 12, 24),
        Arguments.of("inception incep2 3x3 first", 16, 4, 24),
        Arguments.of("inception incep2 3x3 second", 24, 4, 24));
  }

  /**
   * The seeds' 3×3 "same" layers (PROFILE.md, "2026-12-05 evening"): lanes forward and data gradient, Winograd's
   * weight gradient (with keepColumns, from the forward's copy of x).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("sameThreeByThreeLayers")
  void autoRunsLanesForwardAndDataOnThreeByThreeSameLayers(String name, int inC, int size, int outC) {
    ConvGeometry g = new ConvGeometry(inC, size, size, outC, 3, 3, 1, 1, 1, 1, 1, 1, 1);
    String expected = MicroKernel.VECTOR ? "L, L, W" : "G, G, G";
    assertEquals(expected, passes(ConvChoice.of(g, 64, Conv2d.Algorithm.AUTO, true)), name + ", kept");
    assertEquals(expected, passes(ConvChoice.of(g, 64, Conv2d.Algorithm.AUTO, false)), name);
    int small = MicroKernel.VECTOR ? LaneLayout.L - 1 : 8;
    assertEquals(MicroKernel.VECTOR ? "W, W, W" : "G, G, G",
        passes(ConvChoice.of(g, small, Conv2d.Algorithm.AUTO, true)), name + ", batch under a block");
  }

  @Test
  void aThreeByThreeSameLayerOfOneInputChannelStaysWinograd() {
    ConvGeometry g = new ConvGeometry(1, 12, 12, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1);
    assertEquals(MicroKernel.VECTOR ? "W, W, W" : "G, G, G",
        passes(ConvChoice.of(g, 64, Conv2d.Algorithm.AUTO, true)));
  }

  @Test
  void lanesThatWouldNotFitAnArrayAreRefusedOrNotChosen() {
    ConvGeometry g = new ConvGeometry(1, 1000, 1000, 1, 5, 5, 1, 1, 0, 0, 1, 1, 1);
    if (!MicroKernel.VECTOR) {
      assertThrows(KernelArgumentException.class, () -> ConvChoice.of(g, 4096, Conv2d.Algorithm.LANES, false));
      return;
    }
    KernelArgumentException e = assertThrows(KernelArgumentException.class,
        () -> ConvChoice.of(g, 4096, Conv2d.Algorithm.LANES, false));
    assertTrue(e.getMessage().contains("more than a Java array holds"), e.getMessage());
    ConvChoice auto = ConvChoice.of(g, 4096, Conv2d.Algorithm.AUTO, false);
    assertFalse(auto.lanesForward() || auto.lanesData() || auto.lanesWeight());
  }

  /** Forward, data and weight gradient: W Winograd, L lanes, D direct, I implicit, G im2col + GEMM. */
  private static String passes(ConvChoice c) {
    return pass(c.winogradForward(), c.lanesForward(), c.directForward(), c.shiftedForward(),
            c.implicit().forward()) + ", "
        + pass(c.winogradData(), c.lanesData(), c.directData(), false, c.implicit().data()) + ", "
        + pass(c.winogradWeight(), c.lanesWeight(), c.directWeight(), c.shiftedWeight(), c.implicit().weight());
  }

  private static String pass(boolean winograd, boolean lanes, boolean direct, boolean shifted, boolean implicit) {
    assertTrue(!winograd || !(lanes || direct || shifted || implicit), "Winograd and another algorithm for one pass");
    return winograd ? "W" : letter(lanes, direct, shifted, implicit);
  }

  /** The pass's algorithm; at most one is chosen (none: im2col + GEMM). */
  private static String letter(boolean lanes, boolean direct, boolean shifted, boolean implicit) {
    assertTrue((lanes ? 1 : 0) + (direct ? 1 : 0) + (shifted ? 1 : 0) + (implicit ? 1 : 0) <= 1,
        lanes + " " + direct + " " + shifted + " " + implicit);
    return lanes ? "L" : direct ? "D" : shifted ? "S" : implicit ? "I" : "G";
  }
}
