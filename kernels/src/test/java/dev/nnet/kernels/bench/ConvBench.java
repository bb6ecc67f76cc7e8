package dev.nnet.kernels.bench;

import dev.nnet.kernels.Activation;
import dev.nnet.kernels.Conv2d;
import dev.nnet.kernels.KernelVariants;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The seed networks' convolutions at batch 64, each pass with im2col + GEMM, the direct algorithm and the implicit
 * GEMM in the same run (parameter "variant", which JMH varies fastest, so they alternate layer by layer). A layer
 * is named inC x size x size - outC - kernel k, padding p. The "winograd" variant applies to the 3×3 padding-1
 * layers only, so it is not a default: {@code -p layer=resnet-block-16x12x12-16-k3p1,resnet-block-32x4x4-32-k3p1
 * -p variant=gemm,direct,winograd} (tools/bench/PROFILE.md).
 */
@State(Scope.Benchmark)
public class ConvBench {
  static final int BATCH = 64;

  @Param({"mnist-conv1-1x28x28-10-k5", "mnist-conv2-10x12x12-20-k5", "lenet-conv2-6x14x14-16-k5",
      "resnet-conv1-1x28x28-16-k5", "resnet-block-16x12x12-16-k3p1", "resnet-conv2-16x12x12-32-k5",
      "resnet-block-32x4x4-32-k3p1", "inception-conv2-88x12x12-20-k5", "inception-5x5-16x12x12-24-k5p2",
      "inception-3x3-24x12x12-24-k3p1", "inception-1x1-10x12x12-16-k1"})
  public String layer;

  @Param({"gemm", "direct", "implicit"})
  public String variant;

  private Conv2d conv;
  /** The same layer with keepColumns, as generated trainers build it. */
  private Conv2d kept;
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
    conv = KernelVariants.conv(variant, BATCH, inC, size, outC, s[3], s[4]);
    kept = KernelVariants.conv(variant, BATCH, inC, size, outC, s[3], s[4], true);
    int out = conv.outHeight() * conv.outWidth();
    SplittableRandom rnd = new SplittableRandom(2);
    x = GemmBench.random(rnd, BATCH * inC * size * size);
    w = GemmBench.random(rnd, outC * inC * s[3] * s[3]);
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

  /**
   * What a trainer runs for the weight gradient: forward with keepColumns, then the weight gradient from what it
   * kept (the GEMM's column matrix, or a copy of x), so the cost of keeping is counted where it is paid.
   */
  @Benchmark
  public float[] forwardAndWeightKept() {
    kept.forward(BATCH, x, 0, w, bias, y, 0, Activation.RELU);
    kept.backwardWeightFromForward(BATCH, dy, 0, dw, null, false);
    return dw;
  }

  /** Multiply-adds ×2 of one pass (the same for all three): 2·N·outC·outH·outW·inC·kH·kW. */
  public static double flops(String layer) {
    int[] s = shape(layer);
    int out = s[1] + 2 * s[4] - s[3] + 1;
    return 2.0 * BATCH * s[2] * out * out * s[0] * s[3] * s[3];
  }

  /** inC, size, outC, kernel, padding, from a name like "mnist-conv2-10x12x12-20-k5" or "...-k3p1". */
  static int[] shape(String layer) {
    String[] part = layer.split("-");
    String[] in = part[2].split("x");
    String k = part[4].substring(1);
    int p = k.indexOf('p');
    return new int[] {Integer.parseInt(in[0]), Integer.parseInt(in[1]), Integer.parseInt(part[3]),
        Integer.parseInt(p < 0 ? k : k.substring(0, p)), p < 0 ? 0 : Integer.parseInt(k.substring(p + 1))};
  }
}
