package dev.nnet.kernels;

/**
 * PyTorch's GRU cell on the rows of one step: r = σ(x_r + h_r), z = σ(x_z + h_z), n = tanh(x_n + r ⊙ h_n),
 * h' = (1 − z) ⊙ n + z ⊙ h, where x_· is the row's x·W_ihᵀ + b_ih and h_· the step's h·W_hhᵀ + b_hh. The
 * pre-activations of a row go through a scratch row, so σ and tanh run over whole runs of it ({@link GateMath}).
 */
final class GruCell {
  private GruCell() {}

  /** Rows row0 .. row0 + m of one step (the k-th running sample at row0 + k): gates saved, h updated. */
  static void forward(StepBuffers w, int row0, int m) {
    int hidden = w.hidden;
    float[] a = w.preActivations;
    for (int k = 0; k < m; k++) {
      int x = (row0 + k) * w.gh;
      int savedRow = w.savedRow(row0, k);
      int g = savedRow * w.gh;
      int p = k * w.ghPad;
      for (int j = 0; j < 2 * hidden; j++) {
        a[j] = w.inputGates[x + j] + (w.stepProduct[p + j] + w.hiddenBias[j]);
      }
      GateMath.sigmoid(a, 0, w.savedGates, g, 2 * hidden);
      int saved = savedRow * hidden;
      int n = 2 * hidden;
      for (int j = 0; j < hidden; j++) {
        float hn = w.stepProduct[p + n + j] + w.hiddenBias[n + j];
        w.savedHn[saved + j] = hn;
        a[n + j] = w.inputGates[x + n + j] + w.savedGates[g + j] * hn;
      }
      GateMath.tanh(a, n, w.savedGates, g + n, hidden);
      int s = k * hidden;
      for (int j = 0; j < hidden; j++) {
        float z = w.savedGates[g + hidden + j];
        w.h[s + j] = (1f - z) * w.savedGates[g + n + j] + z * w.h[s + j];
      }
    }
  }

  /**
   * The gate gradients of rows row0 .. row0 + m from dh: input side into inputGates, hidden side into
   * hiddenGateGrads; leaves z ⊙ dh in dh, the part of the previous state's gradient that bypasses W_hh.
   */
  static void backward(StepBuffers w, int row0, int m) {
    int hidden = w.hidden;
    for (int k = 0; k < m; k++) {
      int row = row0 + k;
      int x = row * w.gh;
      int saved = row * hidden;
      int s = k * hidden;
      for (int j = 0; j < hidden; j++) {
        float g = w.dh[s + j];
        float r = w.savedGates[x + j];
        float z = w.savedGates[x + hidden + j];
        float n = w.savedGates[x + 2 * hidden + j];
        float an = g * (1f - z) * (1f - n * n);
        float az = g * (w.savedHidden[saved + j] - n) * z * (1f - z);
        float ar = an * w.savedHn[saved + j] * r * (1f - r);
        w.inputGates[x + j] = ar;
        w.inputGates[x + hidden + j] = az;
        w.inputGates[x + 2 * hidden + j] = an;
        w.hiddenGateGrads[x + j] = ar;
        w.hiddenGateGrads[x + hidden + j] = az;
        w.hiddenGateGrads[x + 2 * hidden + j] = an * r;
        w.dh[s + j] = g * z;
      }
    }
  }
}
