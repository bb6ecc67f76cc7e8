package dev.nnet.kernels.bench;

import dev.nnet.kernels.Activation;
import dev.nnet.kernels.Conv2d;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The two convolutions of mnist-cnn at batch 64: conv(1→10, k5) on 28×28 and conv(10→20, k5) on 12×12. */
@State(Scope.Benchmark)
public class ConvBench {
  static final int BATCH = 64;

  @Param({"conv1-1x28x28-to-10", "conv2-10x12x12-to-20"})
  public String layer;

  private Conv2d conv;
  private float[] x;
  private float[] w;
  private float[] bias;
  private float[] y;
  private float[] dy;
  private float[] dx;
  private float[] dw;
  private float[] db;

  @Setup
  public void setup() {
    int[] s = shape(layer);
    int inC = s[0];
    int size = s[1];
    int outC = s[2];
    conv = new Conv2d(BATCH, inC, size, size, outC, 5, 5, 1, 1, 0, 0, 1, 1, 1);
    int out = conv.outHeight() * conv.outWidth();
    SplittableRandom rnd = new SplittableRandom(2);
    x = GemmBench.random(rnd, BATCH * inC * size * size);
    w = GemmBench.random(rnd, outC * inC * 25);
    bias = GemmBench.random(rnd, outC);
    y = new float[BATCH * outC * out];
    dy = GemmBench.random(rnd, y.length);
    dx = new float[x.length];
    dw = new float[w.length];
    db = new float[outC];
  }

  @Benchmark
  public float[] forward() {
    conv.forward(BATCH, x, 0, w, bias, y, 0, Activation.RELU);
    return y;
  }

  @Benchmark
  public float[] backwardData() {
    conv.backwardData(BATCH, dy, 0, w, dx, 0);
    return dx;
  }

  @Benchmark
  public float[] backwardWeight() {
    conv.backwardWeight(BATCH, x, 0, dy, 0, dw, db, false);
    return dw;
  }

  /** Multiply-adds ×2 of one pass (the same for all three): 2·N·outC·outH·outW·inC·kH·kW. */
  public static double flops(String layer) {
    int[] s = shape(layer);
    int out = s[1] - 4;
    return 2.0 * BATCH * s[2] * out * out * s[0] * 25;
  }

  /** inC, height (= width), outC. */
  private static int[] shape(String layer) {
    return layer.startsWith("conv1") ? new int[] {1, 28, 10} : new int[] {10, 12, 20};
  }
}
