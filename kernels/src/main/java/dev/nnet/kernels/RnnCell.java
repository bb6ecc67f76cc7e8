package dev.nnet.kernels;

/** The Elman cell on the rows of one step: h' = tanh(x + h) or relu(x + h). The row layout is {@link GruCell}'s. */
final class RnnCell {
  private RnnCell() {}

  static void forward(StepBuffers w, int row0, int m, boolean relu) {
    for (int k = 0; k < m; k++) {
      int row = row0 + k;
      for (int j = 0; j < w.hidden; j++) {
        float a = w.inputGates[row * w.gh + j] + (w.stepProduct[k * w.ghPad + j] + w.hiddenBias[j]);
        float y = relu ? Math.max(a, 0f) : GateMath.tanh(a);
        w.savedGates[w.savedRow(row0, k) * w.gh + j] = y;
        w.h[k * w.hidden + j] = y;
      }
    }
  }

  /** The gate gradient (one gate: the same on both sides) from dh; leaves nothing in dh. */
  static void backward(StepBuffers w, int row0, int m, boolean relu) {
    for (int k = 0; k < m; k++) {
      int row = row0 + k;
      for (int j = 0; j < w.hidden; j++) {
        float g = w.dh[k * w.hidden + j];
        float y = w.savedGates[row * w.gh + j];
        float a = relu ? (y > 0f ? g : 0f) : g * (1f - y * y);
        w.inputGates[row * w.gh + j] = a;
        w.hiddenGateGrads[row * w.gh + j] = a;
      }
    }
  }
}
