package dev.nnet.kernels.probe;

import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The roofline for {@code PoolMin}'s max_pool2d(2) layers: the fastest of N streaming passes over the same bytes with
 * the Vector API and no pooling work. "forward" reads x and writes y and the int indices (a quarter of x's floats
 * each); "backward" reads dy, y and the indices and writes dx; "read" reads x alone (the bias gradient's channel
 * sums). Run it in a JVM of its own: beside the kernels' vector code its loops can be compiled with boxed vectors.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp ... dev.nnet.kernels.probe.PoolRoofline [calls]</pre>
 */
public final class PoolRoofline {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
  private static final int BATCH = 64;

  private PoolRoofline() {}

  public static void main(String[] args) {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    String[] names = {"cnn1", "lenet1", "resnet1"};
    int[][] shapes = {{10, 24}, {6, 28}, {16, 24}};
    for (int l = 0; l < names.length; l++) {
      int channels = shapes[l][0];
      int size = shapes[l][1];
      float[] x = new float[BATCH * channels * size * size];
      float[] y = new float[x.length / 4];
      int[] indices = new int[y.length];
      float[] sink = new float[F.length()];
      long forward = Long.MAX_VALUE;
      long backward = Long.MAX_VALUE;
      long read = Long.MAX_VALUE;
      for (int call = 0; call < calls; call++) {
        long t0 = System.nanoTime();
        forward(x, y, indices);
        long t1 = System.nanoTime();
        backward(y, y, indices, x);
        long t2 = System.nanoTime();
        read(x, sink);
        long t3 = System.nanoTime();
        forward = Math.min(forward, t1 - t0);
        backward = Math.min(backward, t2 - t1);
        read = Math.min(read, t3 - t2);
      }
      long bytes = 4L * x.length + 8L * y.length;
      System.out.printf(Locale.ROOT, "%-8s stream  forward %7.1f µs %5.1f GB/s  backward %7.1f µs %5.1f GB/s"
          + "  read x %6.1f µs %5.1f GB/s%n", names[l], forward / 1e3, bytes / (double) forward, backward / 1e3,
          (bytes + 4L * y.length) / (double) backward, read / 1e3, 4L * x.length / (double) read);
    }
  }

  /** Reads x, writes y and indices: four x vectors per output vector. */
  private static void forward(float[] x, float[] y, int[] indices) {
    for (int o = 0, at = 0; o + F.length() <= y.length; o += F.length(), at += 4 * F.length()) {
      FloatVector v = FloatVector.fromArray(F, x, at).add(FloatVector.fromArray(F, x, at + F.length()))
          .add(FloatVector.fromArray(F, x, at + 2 * F.length())).add(FloatVector.fromArray(F, x, at + 3 * F.length()));
      v.intoArray(y, o);
      ((IntVector) v.reinterpretShape(I, 0)).intoArray(indices, o);
    }
  }

  /** Reads dy, y and indices, writes dx: four dx vectors per output vector. */
  private static void backward(float[] dy, float[] y, int[] indices, float[] dx) {
    for (int o = 0, at = 0; o + F.length() <= y.length; o += F.length(), at += 4 * F.length()) {
      FloatVector v = FloatVector.fromArray(F, dy, o).add(FloatVector.fromArray(F, y, o))
          .add((FloatVector) IntVector.fromArray(I, indices, o).reinterpretShape(F, 0));
      v.intoArray(dx, at);
      v.intoArray(dx, at + F.length());
      v.intoArray(dx, at + 2 * F.length());
      v.intoArray(dx, at + 3 * F.length());
    }
  }

  /** Reads x. */
  private static void read(float[] x, float[] sink) {
    FloatVector sum = FloatVector.zero(F);
    for (int at = 0; at + F.length() <= x.length; at += F.length()) {
      sum = sum.add(FloatVector.fromArray(F, x, at));
    }
    sum.intoArray(sink, 0);
  }
}
