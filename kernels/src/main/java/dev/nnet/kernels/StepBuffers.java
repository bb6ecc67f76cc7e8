package dev.nnet.kernels;

/**
 * The workspaces of one recurrent layer and direction, shared by its time loops and its cell's gate loops. Rows
 * are packed (see {@link PackedSequence}): row r of a per-row buffer belongs to one (step, sample) the batch takes;
 * the state buffers hold the samples in length order. Sized for the largest batch; nothing is allocated per call.
 * A layer that never runs backward keeps its gates for one step only and no states ({@link #savedRow}).
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
  /**
   * Per saved row ({@link #savedRow}): the gate activations, GRU's W_hn·h + b_hn, LSTM's cells; per row, the state
   * before the step (empty without backward).
   */
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
  /** Whether the saved buffers hold every row, for backward, or only the current step's. */
  final boolean keepsRows;
  /** The state and its gradient, [n, hidden] in length order. */
  final float[] h;
  final float[] c;
  final float[] dh;
  final float[] dc;

  StepBuffers(Recurrent.Cell cell, int maxBatch, int maxSteps, int hidden, boolean keepsRows) {
    this.hidden = hidden;
    this.gh = cell.gates * hidden;
    this.ghPad = StepGemm.padded(gh);
    this.hPad = StepGemm.padded(hidden);
    int rows = maxSteps * maxBatch;
    int saved = keepsRows ? rows : maxBatch;
    inputGates = new float[rows * gh];
    stepProduct = new float[maxBatch * Math.max(ghPad, hPad)];
    preActivations = new float[ghPad];
    hiddenBias = new float[ghPad];
    savedGates = new float[saved * gh];
    savedHidden = new float[keepsRows ? rows * hidden : 0];
    savedHn = cell == Recurrent.Cell.GRU ? new float[saved * hidden] : new float[0];
    savedCell = cell == Recurrent.Cell.LSTM && keepsRows ? new float[rows * hidden] : new float[0];
    savedNewCell = cell == Recurrent.Cell.LSTM ? new float[saved * hidden] : new float[0];
    this.rows = rows;
    this.keepsRows = keepsRows;
    h = new float[maxBatch * hidden];
    c = new float[maxBatch * hidden];
    dh = new float[maxBatch * hidden];
    dc = new float[maxBatch * hidden];
  }

  /** The row of the saved buffers that the k-th running sample of the step starting at row0 writes. */
  int savedRow(int row0, int k) {
    return keepsRows ? row0 + k : k;
  }

  /** Allocates what only backward uses, once. */
  void forBackward() {
    if (hiddenGateGrads == null) {
      hiddenGateGrads = new float[rows * gh];
    }
  }
}
