package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise products of Winograd convolution, batched over tiles and channels: one small GEMM per transform
 * element ξ. Rows are tiles; channels are the vector lanes (channel counts rounded up to a whole vector, the extra
 * lanes zero). Every output element is one chain of FMAs in increasing channel (forward) or tile (weight gradient)
 * order, so results do not depend on how tiles are split among threads. Blocks of 8 tiles (8 outputs) × one vector
 * keep 8 accumulators in registers: one vector load and 8 broadcasts per 8 FMAs.
 *
 * <p>Only loaded with the Vector API ({@link MicroKernel#VECTOR}).
 */
final class WinogradGemm {
  private static final VectorSpecies<Float> S = WinogradTiles.S;
  private static final int L = WinogradTiles.L;
  private WinogradGemm() {}

  /**
   * m[t][o] = Σ_c v[t][c]·u[c][o] for tiles t0..t1 of one ξ: v rows {@code vPitch} floats (channel c at
   * {@code v[vAt + t·vPitch + c]}, c < k), u is k rows of {@code oPitch} floats at {@code uAt}, m rows
   * {@code oPitch} floats at {@code mAt}.
   */
  static void product(float[] v, int vAt, int vPitch, int k, float[] u, int uAt, float[] m, int mAt, int oPitch,
      int t0, int t1) {
    int o = 0;
    for (; o + 2 * L <= oPitch; o += 2 * L) {
      int t = t0;
      for (; t + 8 <= t1; t += 8) {
        eightTilesTwoVectors(v, vAt + t * vPitch, vPitch, k, u, uAt + o, oPitch, m, mAt + t * oPitch + o);
      }
      for (; t < t1; t++) {
        oneTile(v, vAt + t * vPitch, k, u, uAt + o, oPitch, m, mAt + t * oPitch + o);
        oneTile(v, vAt + t * vPitch, k, u, uAt + o + L, oPitch, m, mAt + t * oPitch + o + L);
      }
    }
    for (; o < oPitch; o += L) {
      int t = t0;
      for (; t + 8 <= t1; t += 8) {
        eightTiles(v, vAt + t * vPitch, vPitch, k, u, uAt + o, oPitch, m, mAt + t * oPitch + o);
      }
      if (t + 4 <= t1) {
        fourTiles(v, vAt + t * vPitch, vPitch, k, u, uAt + o, oPitch, m, mAt + t * oPitch + o);
        t += 4;
      }
      for (; t < t1; t++) {
        oneTile(v, vAt + t * vPitch, k, u, uAt + o, oPitch, m, mAt + t * oPitch + o);
      }
    }
  }

  private static void oneTile(float[] v, int vr, int k, float[] u, int uAt, int oPitch, float[] m, int mAt) {
    FloatVector acc = FloatVector.zero(S);
    for (int c = 0; c < k; c++) {
      acc = FloatVector.fromArray(S, u, uAt + c * oPitch).fma(FloatVector.broadcast(S, v[vr + c]), acc);
    }
    acc.intoArray(m, mAt);
  }

  /** Eight tiles × two vectors of outputs: 16 accumulators, 2 loads and 8 broadcasts per 16 FMAs. */
  private static void eightTilesTwoVectors(float[] v, int vr, int vPitch, int k, float[] u, int uAt, int oPitch,
      float[] m, int mAt) {
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    FloatVector a4 = a0;
    FloatVector a5 = a0;
    FloatVector a6 = a0;
    FloatVector a7 = a0;
    FloatVector b0 = a0;
    FloatVector b1 = a0;
    FloatVector b2 = a0;
    FloatVector b3 = a0;
    FloatVector b4 = a0;
    FloatVector b5 = a0;
    FloatVector b6 = a0;
    FloatVector b7 = a0;
    for (int c = 0; c < k; c++) {
      FloatVector w = FloatVector.fromArray(S, u, uAt + c * oPitch);
      FloatVector x = FloatVector.fromArray(S, u, uAt + c * oPitch + L);
      int at = vr + c;
      FloatVector s0 = FloatVector.broadcast(S, v[at]);
      FloatVector s1 = FloatVector.broadcast(S, v[at + vPitch]);
      FloatVector s2 = FloatVector.broadcast(S, v[at + 2 * vPitch]);
      FloatVector s3 = FloatVector.broadcast(S, v[at + 3 * vPitch]);
      a0 = w.fma(s0, a0);
      b0 = x.fma(s0, b0);
      a1 = w.fma(s1, a1);
      b1 = x.fma(s1, b1);
      a2 = w.fma(s2, a2);
      b2 = x.fma(s2, b2);
      a3 = w.fma(s3, a3);
      b3 = x.fma(s3, b3);
      FloatVector s4 = FloatVector.broadcast(S, v[at + 4 * vPitch]);
      FloatVector s5 = FloatVector.broadcast(S, v[at + 5 * vPitch]);
      FloatVector s6 = FloatVector.broadcast(S, v[at + 6 * vPitch]);
      FloatVector s7 = FloatVector.broadcast(S, v[at + 7 * vPitch]);
      a4 = w.fma(s4, a4);
      b4 = x.fma(s4, b4);
      a5 = w.fma(s5, a5);
      b5 = x.fma(s5, b5);
      a6 = w.fma(s6, a6);
      b6 = x.fma(s6, b6);
      a7 = w.fma(s7, a7);
      b7 = x.fma(s7, b7);
    }
    a0.intoArray(m, mAt);
    b0.intoArray(m, mAt + L);
    a1.intoArray(m, mAt + oPitch);
    b1.intoArray(m, mAt + oPitch + L);
    a2.intoArray(m, mAt + 2 * oPitch);
    b2.intoArray(m, mAt + 2 * oPitch + L);
    a3.intoArray(m, mAt + 3 * oPitch);
    b3.intoArray(m, mAt + 3 * oPitch + L);
    a4.intoArray(m, mAt + 4 * oPitch);
    b4.intoArray(m, mAt + 4 * oPitch + L);
    a5.intoArray(m, mAt + 5 * oPitch);
    b5.intoArray(m, mAt + 5 * oPitch + L);
    a6.intoArray(m, mAt + 6 * oPitch);
    b6.intoArray(m, mAt + 6 * oPitch + L);
    a7.intoArray(m, mAt + 7 * oPitch);
    b7.intoArray(m, mAt + 7 * oPitch + L);
  }

  private static void fourTiles(float[] v, int vr, int vPitch, int k, float[] u, int uAt, int oPitch, float[] m,
      int mAt) {
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    for (int c = 0; c < k; c++) {
      FloatVector w = FloatVector.fromArray(S, u, uAt + c * oPitch);
      int at = vr + c;
      a0 = w.fma(FloatVector.broadcast(S, v[at]), a0);
      a1 = w.fma(FloatVector.broadcast(S, v[at + vPitch]), a1);
      a2 = w.fma(FloatVector.broadcast(S, v[at + 2 * vPitch]), a2);
      a3 = w.fma(FloatVector.broadcast(S, v[at + 3 * vPitch]), a3);
    }
    a0.intoArray(m, mAt);
    a1.intoArray(m, mAt + oPitch);
    a2.intoArray(m, mAt + 2 * oPitch);
    a3.intoArray(m, mAt + 3 * oPitch);
  }

  private static void eightTiles(float[] v, int vr, int vPitch, int k, float[] u, int uAt, int oPitch, float[] m,
      int mAt) {
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    FloatVector a4 = a0;
    FloatVector a5 = a0;
    FloatVector a6 = a0;
    FloatVector a7 = a0;
    for (int c = 0; c < k; c++) {
      FloatVector w = FloatVector.fromArray(S, u, uAt + c * oPitch);
      int at = vr + c;
      a0 = w.fma(FloatVector.broadcast(S, v[at]), a0);
      a1 = w.fma(FloatVector.broadcast(S, v[at + vPitch]), a1);
      a2 = w.fma(FloatVector.broadcast(S, v[at + 2 * vPitch]), a2);
      a3 = w.fma(FloatVector.broadcast(S, v[at + 3 * vPitch]), a3);
      a4 = w.fma(FloatVector.broadcast(S, v[at + 4 * vPitch]), a4);
      a5 = w.fma(FloatVector.broadcast(S, v[at + 5 * vPitch]), a5);
      a6 = w.fma(FloatVector.broadcast(S, v[at + 6 * vPitch]), a6);
      a7 = w.fma(FloatVector.broadcast(S, v[at + 7 * vPitch]), a7);
    }
    a0.intoArray(m, mAt);
    a1.intoArray(m, mAt + oPitch);
    a2.intoArray(m, mAt + 2 * oPitch);
    a3.intoArray(m, mAt + 3 * oPitch);
    a4.intoArray(m, mAt + 4 * oPitch);
    a5.intoArray(m, mAt + 5 * oPitch);
    a6.intoArray(m, mAt + 6 * oPitch);
    a7.intoArray(m, mAt + 7 * oPitch);
  }

  /**
   * partial[o][c] = Σ_t d[t][o]·v[t][c] over tiles 0..tiles of one ξ, for outputs o0..o0+rows (rows ≤ 8) and every
   * vector of c: d rows {@code dPitch} floats at {@code dAt}, v rows {@code vPitch} floats at {@code vAt}, partial
   * rows {@code vPitch} floats at {@code pAt}, overwritten.
   */
  static void gradient(float[] d, int dAt, int dPitch, int o0, int rows, float[] v, int vAt, int vPitch, int tiles,
      float[] partial, int pAt) {
    for (int c = 0; c < vPitch; c += L) {
      if (rows == 8) {
        eightOutputs(d, dAt + o0, dPitch, v, vAt + c, vPitch, tiles, partial, pAt + o0 * vPitch + c);
      } else {
        for (int r = 0; r < rows; r++) {
          FloatVector acc = FloatVector.zero(S);
          for (int t = 0; t < tiles; t++) {
            acc = FloatVector.fromArray(S, v, vAt + c + t * vPitch)
                .fma(FloatVector.broadcast(S, d[dAt + o0 + r + t * dPitch]), acc);
          }
          acc.intoArray(partial, pAt + (o0 + r) * vPitch + c);
        }
      }
    }
  }

  private static void eightOutputs(float[] d, int dAt, int dPitch, float[] v, int vAt, int vPitch, int tiles,
      float[] partial, int pAt) {
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    FloatVector a4 = a0;
    FloatVector a5 = a0;
    FloatVector a6 = a0;
    FloatVector a7 = a0;
    for (int t = 0; t < tiles; t++) {
      FloatVector x = FloatVector.fromArray(S, v, vAt + t * vPitch);
      int at = dAt + t * dPitch;
      a0 = x.fma(FloatVector.broadcast(S, d[at]), a0);
      a1 = x.fma(FloatVector.broadcast(S, d[at + 1]), a1);
      a2 = x.fma(FloatVector.broadcast(S, d[at + 2]), a2);
      a3 = x.fma(FloatVector.broadcast(S, d[at + 3]), a3);
      a4 = x.fma(FloatVector.broadcast(S, d[at + 4]), a4);
      a5 = x.fma(FloatVector.broadcast(S, d[at + 5]), a5);
      a6 = x.fma(FloatVector.broadcast(S, d[at + 6]), a6);
      a7 = x.fma(FloatVector.broadcast(S, d[at + 7]), a7);
    }
    a0.intoArray(partial, pAt);
    a1.intoArray(partial, pAt + vPitch);
    a2.intoArray(partial, pAt + 2 * vPitch);
    a3.intoArray(partial, pAt + 3 * vPitch);
    a4.intoArray(partial, pAt + 4 * vPitch);
    a5.intoArray(partial, pAt + 5 * vPitch);
    a6.intoArray(partial, pAt + 6 * vPitch);
    a7.intoArray(partial, pAt + 7 * vPitch);
  }
}
