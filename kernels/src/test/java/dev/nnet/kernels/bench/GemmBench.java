package dev.nnet.kernels.bench;

import dev.nnet.kernels.Activation;
import dev.nnet.kernels.Gemm;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** SGEMM on the shapes of the seed MLPs at batch 64, as a linear layer issues them, plus a square 512³. */
@State(Scope.Benchmark)
public class GemmBench {
  /** name: m, n, k, transA, transB (1 = transposed). */
  public static final String[][] SHAPES = {
      {"fc784x512-forward", "64", "512", "784", "0", "1"},     // Y = X·Wᵀ
      {"fc512x256-forward", "64", "256", "512", "0", "1"},
      {"fc784x512-weightgrad", "512", "784", "64", "1", "0"},  // dW = dYᵀ·X
      {"fc784x512-datagrad", "64", "784", "512", "0", "0"},    // dX = dY·W
      {"square512", "512", "512", "512", "0", "0"},
  };

  @Param({"fc784x512-forward", "fc512x256-forward", "fc784x512-weightgrad", "fc784x512-datagrad", "square512"})
  public String shape;

  private int m;
  private int n;
  private int k;
  private boolean transA;
  private boolean transB;
  private float[] a;
  private float[] b;
  private float[] c;
  private float[] bias;

  @Setup
  public void setup() {
    String[] s = find(shape);
    m = Integer.parseInt(s[1]);
    n = Integer.parseInt(s[2]);
    k = Integer.parseInt(s[3]);
    transA = s[4].equals("1");
    transB = s[5].equals("1");
    SplittableRandom rnd = new SplittableRandom(1);
    a = random(rnd, m * k);
    b = random(rnd, k * n);
    c = new float[m * n];
    bias = random(rnd, n);
  }

  @Benchmark
  public float[] sgemm() {
    boolean forward = shape.endsWith("forward");
    Gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, 0f, c, 0, n,
        forward ? bias : null, 0, false, forward ? Activation.RELU : Activation.NONE);
    return c;
  }

  /** Floating-point operations of one call: 2·m·n·k. */
  public static double flops(String shape) {
    String[] s = find(shape);
    return 2.0 * Long.parseLong(s[1]) * Long.parseLong(s[2]) * Long.parseLong(s[3]);
  }

  private static String[] find(String shape) {
    for (String[] s : SHAPES) {
      if (s[0].equals(shape)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no GEMM shape named " + shape);
  }

  static float[] random(SplittableRandom rnd, int length) {
    float[] x = new float[length];
    for (int i = 0; i < length; i++) {
      x[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return x;
  }
}
