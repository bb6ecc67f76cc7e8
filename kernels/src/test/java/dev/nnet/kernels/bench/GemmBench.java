package dev.nnet.kernels.bench;

import dev.nnet.kernels.Activation;
import dev.nnet.kernels.Gemm;
import dev.nnet.kernels.KernelVariants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * SGEMM on a square 512³ and on every distinct GEMM the seed networks issue in a training step at batch 64 (logged
 * from {@code Gemm.sgemm} during training: linear forward, weight and data gradients, convolution im2col GEMMs),
 * three ways in one run: {@link #nnet} (the Vector API kernel when the JVM has the module), {@link #scalar} (the
 * same call in a JVM forced onto the scalar fallback) and {@link #openblas} (single-threaded {@code cblas_sgemm} on
 * the same shape, transposes and strides; its setup checks that it computes what ours does).
 *
 * <p>A shape is {@code TT-MxNxK} with the transposes of A and B (row-major, tight strides as the networks pass them),
 * then {@code -beta1} (accumulating into C), {@code -biasrow}/{@code -biascol} and {@code -relu} (our fused
 * epilogue; OpenBLAS has none, so it does that little less work). Where a shape is used, networks abbreviated:
 * <pre>
 *   NT-32x400x2048-beta1           resnet
 *   NN-32x2048x400-biasrow         resnet
 *   TN-400x2048x32                 resnet
 *   NT-64x512x784-biascol-relu     mlp5
 *   TN-512x784x64                  mlp5
 *   NT-24x216x4608-beta1           incep
 *   NN-24x4608x216-biasrow         incep
 *   NN-24x2304x400-biasrow         incep
 *   TN-400x2304x24                 incep
 *   NT-24x400x2304-beta1           incep
 *   NN-20x4096x250-biasrow         cnn,cnn3fc
 *   NT-20x250x4096                 cnn,cnn3fc
 *   NN-20x448x2200-biasrow         incep
 *   NT-20x2200x448-beta1           incep
 *   NT-24x144x4608                 incep
 *   NN-24x4608x144-biasrow         incep
 *   NN-16x6400x150-biasrow-relu    lenet
 *   NT-16x150x6400                 lenet
 *   NN-16x4608x144-biasrow         resnet
 *   NT-16x144x4608                 resnet
 *   NT-24x400x1024                 incep
 *   TN-400x1024x24                 incep
 *   NN-24x1024x400-biasrow         incep
 *   NN-32x1024x288-biasrow-relu    resnet
 *   NT-32x288x1024                 resnet
 *   NN-64x512x256                  mlp5
 *   TN-256x512x64                  mlp5
 *   NT-64x256x512-biascol-relu     mlp5
 *   NT-24x216x1024                 incep
 *   NN-24x1024x216-biasrow         incep
 *   NT-64x256x320-biascol-relu     cnn3fc
 *   NN-64x320x256                  cnn3fc
 *   TN-256x320x64                  cnn3fc
 *   NN-24x1024x144-biasrow         incep
 *   NT-24x144x1024                 incep
 *   NN-64x400x120                  lenet
 *   NT-64x120x400-biascol-relu     lenet
 *   TN-120x400x64                  lenet
 *   NT-20x2200x64-beta1            incep
 *   NN-20x64x2200-biasrow          incep
 *   NN-24x9216x10-biasrow          incep
 *   NT-24x10x9216                  incep
 *   TN-128x256x64                  mlp5
 *   NT-64x128x256-biascol-relu     mlp5
 *   NN-64x256x128                  mlp5
 *   NN-16x9216x10-biasrow          incep
 *   NT-16x10x9216                  incep
 *   NN-64x256x64                   cnn3fc
 *   NT-64x64x256-biascol-relu      cnn3fc
 *   TN-64x256x64                   cnn3fc
 *   NT-64x10x1408-biascol          incep
 *   TN-10x1408x64                  incep
 *   NN-64x1408x10                  incep
 *   TN-84x120x64                   lenet
 *   NT-64x84x120-biascol-relu      lenet
 *   NN-64x120x84                   lenet
 *   NT-64x64x128-biascol-relu      mlp5
 *   TN-64x128x64                   mlp5
 *   NN-64x128x64                   mlp5
 *   NT-64x10x512-biascol           resnet
 *   TN-10x512x64                   resnet
 *   NN-64x512x10                   resnet
 *   NN-64x320x10                   cnn
 *   NT-64x10x320-biascol           cnn
 *   TN-10x320x64                   cnn
 *   NN-64x84x10                    lenet
 *   TN-10x84x64                    lenet
 *   NT-64x10x84-biascol            lenet
 *   NN-64x64x10                    cnn3fc,mlp5
 *   NT-64x10x64-biascol            cnn3fc,mlp5
 *   TN-10x64x64                    cnn3fc,mlp5
 * </pre>
 */
@State(Scope.Benchmark)
public class GemmBench {
  @Param({"NN-512x512x512", "NT-32x400x2048-beta1", "NN-32x2048x400-biasrow", "TN-400x2048x32",
      "NT-64x512x784-biascol-relu", "TN-512x784x64", "NT-24x216x4608-beta1", "NN-24x4608x216-biasrow",
      "NN-24x2304x400-biasrow", "TN-400x2304x24", "NT-24x400x2304-beta1", "NN-20x4096x250-biasrow",
      "NT-20x250x4096", "NN-20x448x2200-biasrow", "NT-20x2200x448-beta1", "NT-24x144x4608",
      "NN-24x4608x144-biasrow", "NN-16x6400x150-biasrow-relu", "NT-16x150x6400", "NN-16x4608x144-biasrow",
      "NT-16x144x4608", "NT-24x400x1024", "TN-400x1024x24", "NN-24x1024x400-biasrow",
      "NN-32x1024x288-biasrow-relu", "NT-32x288x1024", "NN-64x512x256", "TN-256x512x64",
      "NT-64x256x512-biascol-relu", "NT-24x216x1024", "NN-24x1024x216-biasrow", "NT-64x256x320-biascol-relu",
      "NN-64x320x256", "TN-256x320x64", "NN-24x1024x144-biasrow", "NT-24x144x1024",
      "NN-64x400x120", "NT-64x120x400-biascol-relu", "TN-120x400x64", "NT-20x2200x64-beta1",
      "NN-20x64x2200-biasrow", "NN-24x9216x10-biasrow", "NT-24x10x9216", "TN-128x256x64",
      "NT-64x128x256-biascol-relu", "NN-64x256x128", "NN-16x9216x10-biasrow", "NT-16x10x9216",
      "NN-64x256x64", "NT-64x64x256-biascol-relu", "TN-64x256x64", "NT-64x10x1408-biascol",
      "TN-10x1408x64", "NN-64x1408x10", "TN-84x120x64", "NT-64x84x120-biascol-relu",
      "NN-64x120x84", "NT-64x64x128-biascol-relu", "TN-64x128x64", "NN-64x128x64",
      "NT-64x10x512-biascol", "TN-10x512x64", "NN-64x512x10", "NN-64x320x10",
      "NT-64x10x320-biascol", "TN-10x320x64", "NN-64x84x10", "TN-10x84x64",
      "NT-64x10x84-biascol", "NN-64x64x10", "NT-64x10x64-biascol", "TN-10x64x64"})
  public String shape;

  private Shape s;
  private float[] a;
  private float[] b;
  private float[] c;
  private float[] bias;
  private OpenBlasGemm blas;

  @Setup
  public void setup(BenchmarkParams params) {
    s = Shape.parse(shape);
    SplittableRandom rnd = new SplittableRandom(1);
    a = random(rnd, s.m * s.k);
    b = random(rnd, s.k * s.n);
    c = random(rnd, s.m * s.n);
    bias = random(rnd, s.biasPerRow ? s.m : s.n);
    String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    if (method.equals("scalar") && KernelVariants.vectorKernel()) {
      throw new IllegalStateException("the scalar benchmark runs the Vector API kernel; is -Dnnet.vector=false lost?");
    }
    if (method.equals("nnet") && !KernelVariants.vectorKernel()) {
      System.out.println("note: no Vector API in this JVM (--add-modules jdk.incubator.vector), nnet is scalar");
    }
    if (method.equals("openblas")) {
      setUpOpenBlas();
    }
  }

  @TearDown
  public void tearDown() {
    if (blas != null) {
      blas.close();
    }
  }

  /** Our GEMM as the network calls it, epilogue included. */
  @Benchmark
  public float[] nnet(CpuTime time) {
    time.calls++;
    Gemm.sgemm(s.transA, s.transB, s.m, s.n, s.k, 1f, a, 0, s.lda(), b, 0, s.ldb(), s.beta, c, 0, s.n,
        s.bias ? bias : null, 0, s.biasPerRow, s.relu ? Activation.RELU : Activation.NONE);
    return c;
  }

  /** The same call with the scalar fallback kernel (what a JVM without the Vector API module runs). */
  @Benchmark
  @Fork(jvmArgsAppend = "-Dnnet.vector=false")
  public float[] scalar(CpuTime time) {
    return nnet(time);
  }

  /** OpenBLAS's cblas_sgemm, one thread, on native copies of the same operands. */
  @Benchmark
  public Object openblas(CpuTime time) {
    time.calls++;
    blas.run();
    return blas;
  }

  /** Why OpenBLAS cannot be called from this JVM, or empty when it can. */
  static Optional<String> openBlasMissing() {
    if (!Files.isReadable(Path.of(OpenBlas.LIBRARY))) {
      return Optional.of(OpenBlas.LIBRARY + " is absent; install it with: apt-get install -y libopenblas0-pthread");
    }
    if (ModuleLayer.boot().findModule("jdk.incubator.foreign").isEmpty()) {
      return Optional.of("the JVM lacks the foreign linker; run it with --add-modules jdk.incubator.foreign"
          + " --enable-native-access=ALL-UNNAMED");
    }
    return Optional.empty();
  }

  private void setUpOpenBlas() {
    String why = openBlasMissing().orElse(null);
    if (why != null) {
      throw new IllegalStateException("GemmBench.openblas cannot run: " + why);
    }
    blas = new OpenBlasGemm(s, a, b, c);
    System.out.println("OpenBLAS: " + blas.config());
    // Once: both compute C = A·B from zero, and must agree to float rounding, so the timings compare one product.
    Gemm.sgemm(s.transA, s.transB, s.m, s.n, s.k, 1f, a, 0, s.lda(), b, 0, s.ldb(), 0f, c, 0, s.n);
    float[] theirs = blas.product();
    double worst = 0;
    for (int i = 0; i < s.m; i++) {
      for (int j = 0; j < s.n; j++) {
        double magnitude = 0;
        for (int p = 0; p < s.k; p++) {
          magnitude += Math.abs((double) s.opA(a, i, p) * s.opB(b, p, j));
        }
        double error = Math.abs(theirs[i * s.n + j] - c[i * s.n + j]);
        if (error > 1e-4 * magnitude + 1e-6) {
          throw new IllegalStateException(String.format("OpenBLAS and nnet differ at (%d, %d) of %s: %g vs %g",
              i, j, shape, theirs[i * s.n + j], c[i * s.n + j]));
        }
        worst = Math.max(worst, error / (magnitude + 1e-30));
      }
    }
    System.out.printf("OpenBLAS equals nnet on %s within %.1e of the sum of |terms| (tolerance 1e-4)%n", shape, worst);
  }

  /** Floating-point operations of one call: 2·m·n·k. */
  public static double flops(String shape) {
    Shape s = Shape.parse(shape);
    return 2.0 * s.m * s.n * s.k;
  }

  static float[] random(SplittableRandom rnd, int length) {
    float[] x = new float[length];
    for (int i = 0; i < length; i++) {
      x[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return x;
  }

  /**
   * The benchmark thread's CPU time per call, a secondary result: on a machine shared with other builds, wall time
   * also counts the slices the thread waited for, CPU time only those it ran (caches disturbed by the others still
   * count). JMH sums it over the measured iterations; {@link GemmComparison} divides by their number.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    long calls;
    private long start;
    public double cpuMicrosPerCall;

    @Setup(Level.Iteration)
    public void start() {
      calls = 0;
      start = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void stop() {
      cpuMicrosPerCall = (THREADS.getCurrentThreadCpuTime() - start) / 1e3 / Math.max(1, calls);
    }
  }

  /** A parsed shape name, e.g. NT-64x512x784-biascol-relu. */
  static final class Shape {
    boolean transA;
    boolean transB;
    int m;
    int n;
    int k;
    float beta;
    boolean bias;
    boolean biasPerRow;
    boolean relu;

    static Shape parse(String name) {
      String[] parts = name.split("-");
      String[] mnk = parts[1].split("x");
      if (parts[0].length() != 2 || mnk.length != 3) {
        throw new IllegalArgumentException("GEMM shape " + name + " is not TT-MxNxK[-beta1][-biasrow|-biascol][-relu]");
      }
      Shape s = new Shape();
      s.transA = parts[0].charAt(0) == 'T';
      s.transB = parts[0].charAt(1) == 'T';
      s.m = Integer.parseInt(mnk[0]);
      s.n = Integer.parseInt(mnk[1]);
      s.k = Integer.parseInt(mnk[2]);
      for (int i = 2; i < parts.length; i++) {
        switch (parts[i]) {
          case "beta1": s.beta = 1f; break;
          case "biasrow": s.bias = true; s.biasPerRow = true; break;
          case "biascol": s.bias = true; break;
          case "relu": s.relu = true; break;
          default: throw new IllegalArgumentException("GEMM shape " + name + ": unknown part " + parts[i]);
        }
      }
      return s;
    }

    int lda() {
      return transA ? m : k;
    }

    int ldb() {
      return transB ? k : n;
    }

    float opA(float[] x, int i, int p) {
      return transA ? x[p * m + i] : x[i * k + p];
    }

    float opB(float[] x, int p, int j) {
      return transB ? x[j * k + p] : x[p * n + j];
    }
  }
}
