package dev.nnet.kernels;

/**
 * The workspaces of one recurrent layer and direction, shared by its time loops and its cell's gate loops. Rows
 * are packed (see {@link PackedSequence}): row r of a per-row buffer belongs to one (step, sample) the batch takes;
 * the state buffers hold the samples in length order. Sized for the largest batch; nothing is allocated per call.
 */
final class StepBuffers {
  final int hidden;
  final int gh;
  /** gh and hidden rounded up to whole vectors: the row strides of the per-step products. */
  final int ghPad;
  final int hPad;
  /** Per row: x·W_ihᵀ + b_ih; in backward, the input-side gate gradients. */
  final float[] inputGates;
  /** Per running sample of one step: h·W_hhᵀ [m, ghPad]; in backward, the gate gradients times W_hh [m, hPad]. */
  final float[] stepProduct;
  /** One row's gate pre-activations, for the cells that run σ and tanh over runs of a row. */
  final float[] preActivations;
  /** b_hh (zeros without biases), padded to ghPad. */
  final float[] hiddenBias;
  /** Per row: the gate activations, the state before the step, GRU's W_hn·h + b_hn, LSTM's cells. */
  final float[] savedGates;
  final float[] savedHidden;
  final float[] savedHn;
  final float[] savedCell;
  final float[] savedNewCell;
  /**
   * Per row: the hidden-side gate gradients; allocated by the first backward, so a layer that only runs forward
   * (an evaluation graph's) does not hold them.
   */
  float[] hiddenGateGrads;
  private final int rows;
  /** The state and its gradient, [n, hidden] in length order. */
  final float[] h;
  final float[] c;
  final float[] dh;
  final float[] dc;

  StepBuffers(Recurrent.Cell cell, int maxBatch, int maxSteps, int hidden) {
    this.hidden = hidden;
    this.gh = cell.gates * hidden;
    this.ghPad = StepGemm.padded(gh);
    this.hPad = StepGemm.padded(hidden);
    int rows = maxSteps * maxBatch;
    inputGates = new float[rows * gh];
    stepProduct = new float[maxBatch * Math.max(ghPad, hPad)];
    preActivations = new float[ghPad];
    hiddenBias = new float[ghPad];
    savedGates = new float[rows * gh];
    savedHidden = new float[rows * hidden];
    savedHn = cell == Recurrent.Cell.GRU ? new float[rows * hidden] : new float[0];
    savedCell = cell == Recurrent.Cell.LSTM ? new float[rows * hidden] : new float[0];
    savedNewCell = cell == Recurrent.Cell.LSTM ? new float[rows * hidden] : new float[0];
    this.rows = rows;
    h = new float[maxBatch * hidden];
    c = new float[maxBatch * hidden];
    dh = new float[maxBatch * hidden];
    dc = new float[maxBatch * hidden];
  }

  /** Allocates what only backward uses, once. */
  void forBackward() {
    if (hiddenGateGrads == null) {
      hiddenGateGrads = new float[rows * gh];
    }
  }
}
