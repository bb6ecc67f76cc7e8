package dev.nnet.kernels.bench;

import dev.nnet.kernels.Pool2d;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** max_pool2d(2) on mnist-cnn's first activation, [64, 10, 24, 24]. */
@State(Scope.Benchmark)
public class PoolBench {
  private final Pool2d pool = new Pool2d(Pool2d.Kind.MAX, 10, 24, 24, 2, 2, 2, 2, 0, 0, false, true);
  private float[] x;
  private float[] y;
  private float[] dx;
  private int[] indices;

  @Setup
  public void setup() {
    x = GemmBench.random(new SplittableRandom(3), 64 * 10 * 24 * 24);
    y = new float[64 * 10 * 12 * 12];
    dx = new float[x.length];
    indices = new int[y.length];
    pool.forward(64, x, 0, y, 0, indices); // real indices for the backward pass
  }

  @Benchmark
  public float[] maxForward() {
    pool.forward(64, x, 0, y, 0, indices);
    return y;
  }

  @Benchmark
  public float[] maxBackward() {
    pool.backward(64, y, 0, indices, dx, 0);
    return dx;
  }
}
