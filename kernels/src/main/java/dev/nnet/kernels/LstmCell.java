package dev.nnet.kernels;

/**
 * PyTorch's LSTM cell on the rows of one step, gates i, f, g, o: c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c'). The row
 * layout is {@link GruCell}'s.
 */
final class LstmCell {
  private LstmCell() {}

  static void forward(StepBuffers w, int row0, int m) {
    int hidden = w.hidden;
    if (w.keepsRows) {
      System.arraycopy(w.c, 0, w.savedCell, row0 * hidden, m * hidden);
    }
    for (int k = 0; k < m; k++) {
      int row = row0 + k;
      int savedRow = w.savedRow(row0, k);
      for (int j = 0; j < hidden; j++) {
        int x = row * w.gh + j;
        int at = savedRow * w.gh + j;
        int p = k * w.ghPad + j;
        float i = GateMath.sigmoid(w.inputGates[x] + (w.stepProduct[p] + w.hiddenBias[j]));
        float f = GateMath.sigmoid(w.inputGates[x + hidden]
            + (w.stepProduct[p + hidden] + w.hiddenBias[hidden + j]));
        float gate = GateMath.tanh(w.inputGates[x + 2 * hidden]
            + (w.stepProduct[p + 2 * hidden] + w.hiddenBias[2 * hidden + j]));
        float o = GateMath.sigmoid(w.inputGates[x + 3 * hidden]
            + (w.stepProduct[p + 3 * hidden] + w.hiddenBias[3 * hidden + j]));
        int s = k * hidden + j;
        float cNew = f * w.c[s] + i * gate;
        w.savedGates[at] = i;
        w.savedGates[at + hidden] = f;
        w.savedGates[at + 2 * hidden] = gate;
        w.savedGates[at + 3 * hidden] = o;
        w.savedNewCell[savedRow * hidden + j] = cNew;
        w.c[s] = cNew;
        w.h[s] = o * GateMath.tanh(cNew);
      }
    }
  }

  /** The gate gradients from dh and dc; leaves in dc the gradient of the previous cell state, nothing in dh. */
  static void backward(StepBuffers w, int row0, int m) {
    int hidden = w.hidden;
    for (int k = 0; k < m; k++) {
      int row = row0 + k;
      for (int j = 0; j < hidden; j++) {
        int x = row * w.gh + j;
        int s = k * hidden + j;
        float i = w.savedGates[x];
        float f = w.savedGates[x + hidden];
        float g = w.savedGates[x + 2 * hidden];
        float o = w.savedGates[x + 3 * hidden];
        float tc = GateMath.tanh(w.savedNewCell[row * hidden + j]);
        float dcTotal = w.dc[s] + w.dh[s] * o * (1f - tc * tc);
        float ai = dcTotal * g * i * (1f - i);
        float af = dcTotal * w.savedCell[row * hidden + j] * f * (1f - f);
        float ag = dcTotal * i * (1f - g * g);
        float ao = w.dh[s] * tc * o * (1f - o);
        w.inputGates[x] = ai;
        w.inputGates[x + hidden] = af;
        w.inputGates[x + 2 * hidden] = ag;
        w.inputGates[x + 3 * hidden] = ao;
        w.hiddenGateGrads[x] = ai;
        w.hiddenGateGrads[x + hidden] = af;
        w.hiddenGateGrads[x + 2 * hidden] = ag;
        w.hiddenGateGrads[x + 3 * hidden] = ao;
        w.dc[s] = dcTotal * f;
      }
    }
  }
}
