package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The max-pooling gradient's scatter for windows that do not overlap, for {@link Pool2d}: no two outputs of a plane
 * share a winner, so each gradient is stored ({@code 0f + g}, what adding it to the cleared dx gives) sixteen at a
 * time with one scatter, instead of read, added and written back one by one. The gradient is {@code dy + dyAdd}
 * and relu_grad's mask of the fused ReLU's output y, as {@link Pool2d}'s scalar loop computes it; absent operands
 * are read in dy's place under masks that drop them, so one straight-line loop body serves every case (C2 boxes
 * vectors merged across branches).
 */
final class VectorMaxScatter {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;

  private VectorMaxScatter() {}

  /**
   * Stores the gradients of outputs [0, count) of one plane (dy from {@code dy[yp]}, dyAdd from {@code add[ap]} kept
   * under the all-ones or zero {@code keepAdd}, y from {@code live[mp]}, all ones kept where {@code keepAll} is -1)
   * at their winners {@code dx[xp + indices[ip + o]]}, whole vectors only; returns how many outputs it did.
   */
  static int plane(float[] dy, int yp, float[] add, int ap, int keepAdd, float[] live, int mp, int keepAll,
                   int[] indices, int ip, float[] dx, int xp, int count) {
    int o = 0;
    for (; o + F.length() <= count; o += F.length()) {
      FloatVector g = FloatVector.fromArray(F, dy, yp + o)
          .add((FloatVector) ((IntVector) FloatVector.fromArray(F, add, ap + o).reinterpretShape(I, 0))
              .and(keepAdd).reinterpretShape(F, 0));
      // relu_grad's mask: all ones where y is positive (y, a ReLU output, is never negative)
      IntVector keep = ((IntVector) FloatVector.fromArray(F, live, mp + o).reinterpretShape(I, 0))
          .neg().lanewise(VectorOperators.ASHR, 31).or(keepAll);
      ((FloatVector) ((IntVector) g.reinterpretShape(I, 0)).and(keep).reinterpretShape(F, 0)).add(0f)
          .intoArray(dx, xp, indices, ip + o);
    }
    return o;
  }
}
