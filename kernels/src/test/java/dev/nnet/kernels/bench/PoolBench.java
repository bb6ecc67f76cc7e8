package dev.nnet.kernels.bench;

import dev.nnet.kernels.KernelVariants;
import dev.nnet.kernels.Pool2d;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Max pooling at batch 64: max_pool2d(2) on mnist-cnn's first activation [64, 10, 24, 24], on mnist-resnet's second
 * [64, 32, 8, 8] and on lenet's second [64, 16, 10, 10], and mnist-pool-options' max_pool2d(3, stride=2,
 * ceil_mode=true) on [64, 8, 26, 26]; each with the Vector API path and with the scalar loops, in the same run.
 * {@link PoolMin} times average pooling and the fused ReLU on all the seeds' layers.
 */
@State(Scope.Benchmark)
public class PoolBench {
  static final int BATCH = 64;

  @Param({"2x2-10x24x24", "2x2-32x8x8", "2x2-16x10x10", "3x3s2ceil-8x26x26"})
  public String layer;

  @Param({"vector", "scalar"})
  public String path;

  private Pool2d pool;
  private float[] x;
  private float[] y;
  private float[] dx;
  private int[] indices;

  @Setup
  public void setup() {
    boolean vector = path.equals("vector");
    int channels;
    int size;
    if (layer.startsWith("2x2")) {
      channels = layer.endsWith("24x24") ? 10 : layer.endsWith("10x10") ? 16 : 32;
      size = layer.endsWith("24x24") ? 24 : layer.endsWith("10x10") ? 10 : 8;
      pool = KernelVariants.maxPool(vector, channels, size, 2, 2, false);
    } else {
      channels = 8;
      size = 26;
      pool = KernelVariants.maxPool(vector, channels, size, 3, 2, true);
    }
    x = GemmBench.random(new SplittableRandom(3), BATCH * channels * size * size);
    y = new float[BATCH * channels * pool.outHeight() * pool.outWidth()];
    dx = new float[x.length];
    indices = new int[y.length];
    pool.forward(BATCH, x, 0, y, 0, indices); // real indices for the backward pass
  }

  @Benchmark
  public float[] maxForward() {
    pool.forward(BATCH, x, 0, y, 0, indices);
    return y;
  }

  @Benchmark
  public float[] maxBackward() {
    pool.backward(BATCH, y, 0, indices, dx, 0);
    return dx;
  }
}
