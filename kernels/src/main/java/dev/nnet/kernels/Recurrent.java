package dev.nnet.kernels;

/**
 * One layer and one direction of PyTorch's RNN, GRU or LSTM over a padded, sequence-first batch {@code x [T, N, I]},
 * with a length per sample (packed-sequence semantics): a sample's state stops changing after its last step, the
 * reverse direction starts at each sample's own last step, and outputs past a sample's length are zero.
 *
 * <p>Like PyTorch's packed batches, the rows a batch takes are packed by step, the samples of each step in order of
 * decreasing length ({@link PackedSequence}), so padding costs nothing. The input-to-hidden product of every row is
 * one GEMM before the time loop; each step runs only the hidden-to-hidden product of the samples still running
 * ({@link StepGemm}, on weights packed once per call) and one fused loop over the gates ({@link GruCell},
 * {@link LstmCell}, {@link RnnCell}). The backward pass (through time) keeps the gate gradients of every row and
 * finishes with three GEMMs (dW_ih, dW_hh and dx). The time loops never split a step over threads: the two
 * directions of a layer, independent of each other, run on two threads at once ({@link #forwardPrepared},
 * {@link #backwardPrepared}), and so give the same bits on any thread count. Gates, weights and biases are laid
 * out as PyTorch's {@code weight_ih_l0} [G·H, I], {@code weight_hh_l0} [G·H, H], {@code bias_ih_l0} [G·H]: gate
 * order r, z, n for GRU and i, f, g, o for LSTM. Every workspace is allocated by the first forward (the
 * backward-only ones by the first backward), none per call.
 */
public final class Recurrent {
  /** The cell and its number of gates. */
  public enum Cell {
    RNN_TANH(1), RNN_RELU(1), GRU(3), LSTM(4);

    final int gates;

    Cell(int gates) {
      this.gates = gates;
    }
  }

  private final Cell cell;
  private final int maxBatch;
  private final int maxSteps;
  private final int in;
  private final int hidden;
  private final int gh;
  private final PackedSequence seq;
  /** False for a layer of a graph that never runs backward: it keeps no states or gates past their step. */
  private final boolean backward;
  // The workspaces, allocated by the first forward: a model holds layers for graphs it may never run.
  private StepBuffers w;
  /** The rows of x the batch takes, packed; after dW_ih in backward, the packed dx. */
  private float[] packedX;
  /** W_hhᵀ [H, ghPad] for forward's steps, W_hh [gh, hPad] for backward's. */
  private float[] hiddenWeightsT;
  private float[] hiddenWeights;
  private final DirectionPair pair = new DirectionPair();
  private boolean reverse;
  // The arguments of the prepared call that its time loop and finish still need.
  private float[] out;
  private int outOffset;
  private int outStride;
  private float[] hN;
  private int hNOff;
  private float[] cN;
  private int cNOff;
  private float[] dOut;
  private float[] x;
  private float[] wIh;
  private float[] dx;
  private boolean accumulateDx;
  private float[] dh0;
  private int dh0Off;
  private float[] dc0;
  private int dc0Off;
  private float[] dWih;
  private int dWihOff;
  private float[] dWhh;
  private int dWhhOff;
  private float[] dbIh;
  private int dbIhOff;
  private float[] dbHh;
  private int dbHhOff;

  public Recurrent(Cell cell, int maxBatch, int maxSteps, int inputSize, int hiddenSize) {
    this(cell, maxBatch, maxSteps, inputSize, hiddenSize, true);
  }

  /** A layer that only runs forward (an evaluation or prediction graph's): {@link #backward} is refused. */
  public static Recurrent forwardOnly(Cell cell, int maxBatch, int maxSteps, int inputSize, int hiddenSize) {
    return new Recurrent(cell, maxBatch, maxSteps, inputSize, hiddenSize, false);
  }

  private Recurrent(Cell cell, int maxBatch, int maxSteps, int inputSize, int hiddenSize, boolean backward) {
    Checks.positive("Recurrent", "maxBatch", maxBatch);
    Checks.positive("Recurrent", "maxSteps", maxSteps);
    Checks.positive("Recurrent", "inputSize", inputSize);
    Checks.positive("Recurrent", "hiddenSize", hiddenSize);
    this.cell = cell;
    this.maxBatch = maxBatch;
    this.maxSteps = maxSteps;
    this.in = inputSize;
    this.hidden = hiddenSize;
    this.gh = cell.gates * hiddenSize;
    this.seq = new PackedSequence(maxBatch, maxSteps);
    this.backward = backward;
  }

  /** Allocates the workspaces, once, for the largest batch. */
  private void allocate() {
    if (w == null) {
      w = new StepBuffers(cell, maxBatch, maxSteps, hidden, backward);
      packedX = new float[maxSteps * maxBatch * in];
      hiddenWeightsT = new float[hidden * w.ghPad];
      hiddenWeights = new float[gh * w.hPad];
    }
  }

  /**
   * Runs the layer and keeps what {@link #backward} needs.
   *
   * @param lengths   each sample's length, 1..steps, or null when all have {@code steps}
   * @param h0        the initial hidden state [n, H], or null for zeros; {@code c0} likewise (LSTM only)
   * @param out       [steps, n, outStride]: this direction writes columns [outOffset, outOffset + H)
   * @param hN        the final hidden state [n, H] (each sample's state after its last step); {@code cN} likewise
   */
  public void forward(int n, int steps, float[] x, int[] lengths, float[] wIh, float[] wHh, float[] bIh,
      float[] bHh, float[] h0, float[] c0, boolean reverse, float[] out, int outOffset, int outStride, float[] hN,
      float[] cN) {
    forward(n, steps, x, lengths, wIh, wHh, bIh, bHh, h0, 0, c0, 0, reverse, out, outOffset, outStride, hN, 0, cN, 0);
  }

  /**
   * {@link #forward} with the states at offsets: one layer and direction of a stacked network reads its slab
   * [n, H] of h_0 [layers · directions, n, H] and writes its slab of h_n.
   */
  public void forward(int n, int steps, float[] x, int[] lengths, float[] wIh, float[] wHh, float[] bIh,
      float[] bHh, float[] h0, int h0Off, float[] c0, int c0Off, boolean reverse, float[] out, int outOffset,
      int outStride, float[] hN, int hNOff, float[] cN, int cNOff) {
    prepareForward(n, steps, x, lengths, wIh, wHh, bIh, bHh, h0, h0Off, c0, c0Off, reverse, out, outOffset,
        outStride, hN, hNOff, cN, cNOff);
    forwardSteps();
  }

  /**
   * {@link #forward} up to its time loop, which {@link #forwardPrepared} then runs: the input GEMM (over the whole
   * thread pool) and the packing of weights and states.
   */
  public void prepareForward(int n, int steps, float[] x, int[] lengths, float[] wIh, float[] wHh, float[] bIh,
      float[] bHh, float[] h0, int h0Off, float[] c0, int c0Off, boolean reverse, float[] out, int outOffset,
      int outStride, float[] hN, int hNOff, float[] cN, int cNOff) {
    check(n, steps, lengths);
    allocate();
    seq.layOut(n, steps, lengths);
    this.reverse = reverse;
    this.out = out;
    this.outOffset = outOffset;
    this.outStride = outStride;
    this.hN = hN;
    this.hNOff = hNOff;
    this.cN = cN;
    this.cNOff = cNOff;
    seq.pack(x, in, reverse, packedX);
    Gemm.sgemm(false, true, seq.tokens(), gh, in, 1f, packedX, 0, in, wIh, 0, in, 0f, w.inputGates, 0, gh, bIh, 0,
        false, Activation.NONE);
    StepGemm.packTransposed(wHh, gh, hidden, hiddenWeightsT, w.ghPad);
    if (bHh != null) {
      System.arraycopy(bHh, 0, w.hiddenBias, 0, gh);
    }
    seq.zeroPadding(out, outOffset, hidden, outStride);
    seq.gather(h0, h0Off, hidden, w.h);
    if (cell == Cell.LSTM) {
      seq.gather(c0, c0Off, hidden, w.c);
    }
  }

  /** The time loops of two prepared forward calls (a bidirectional layer's), on two threads when there are two. */
  public static void forwardPrepared(Recurrent first, Recurrent second) {
    first.pair.run(first, second, true);
  }

  private void forwardSteps() {
    int n = seq.batch();
    for (int s = 0; s < seq.active(); s++) {
      int m = seq.running(s);
      int row0 = seq.offset(s);
      if (backward) {
        System.arraycopy(w.h, 0, w.savedHidden, row0 * hidden, m * hidden);
      }
      StepGemm.multiply(m, hidden, w.h, 0, hidden, hiddenWeightsT, w.ghPad, w.stepProduct);
      switch (cell) {
        case RNN_TANH -> RnnCell.forward(w, row0, m, false);
        case RNN_RELU -> RnnCell.forward(w, row0, m, true);
        case GRU -> GruCell.forward(w, row0, m);
        case LSTM -> LstmCell.forward(w, row0, m);
      }
      for (int k = 0; k < m; k++) {
        int t = seq.time(s, k, reverse);
        System.arraycopy(w.h, k * hidden, out, (t * n + seq.order[k]) * outStride + outOffset, hidden);
      }
    }
    seq.scatter(w.h, hidden, hN, hNOff);
    if (cell == Cell.LSTM && cN != null) {
      seq.scatter(w.c, hidden, cN, cNOff);
    }
  }

  /**
   * Back-propagates through the last {@link #forward} (same n, steps, x and weights). {@code dOut} [steps, n,
   * outStride] (its columns [outOffset, outOffset + H)), {@code dhN} and {@code dcN} may each be null for zero.
   * Overwrites {@code dx} [steps, n, I], {@code dh0}, {@code dc0} (either may be null when not wanted) and the four
   * weight gradients.
   */
  public void backward(float[] dOut, int outOffset, int outStride, float[] dhN, float[] dcN, float[] x,
      float[] wIh, float[] wHh, float[] dx, float[] dh0, float[] dc0, float[] dWih, float[] dWhh, float[] dbIh,
      float[] dbHh) {
    backward(dOut, outOffset, outStride, dhN, 0, dcN, 0, x, wIh, wHh, dx, false, dh0, 0, dc0, 0, dWih, 0, dWhh, 0,
        dbIh, 0, dbHh, 0);
  }

  /**
   * {@link #backward} with the states and weight gradients at offsets (a stacked network packs them), and with
   * dx added to ({@code accumulateDx}) rather than overwritten, for the second direction of a bidirectional layer.
   * Bias gradients may be null for a layer without biases.
   */
  public void backward(float[] dOut, int outOffset, int outStride, float[] dhN, int dhNOff, float[] dcN,
      int dcNOff, float[] x, float[] wIh, float[] wHh, float[] dx, boolean accumulateDx, float[] dh0, int dh0Off,
      float[] dc0, int dc0Off, float[] dWih, int dWihOff, float[] dWhh, int dWhhOff, float[] dbIh, int dbIhOff,
      float[] dbHh, int dbHhOff) {
    prepareBackward(dOut, outOffset, outStride, dhN, dhNOff, dcN, dcNOff, x, wIh, wHh, dx, accumulateDx, dh0,
        dh0Off, dc0, dc0Off, dWih, dWihOff, dWhh, dWhhOff, dbIh, dbIhOff, dbHh, dbHhOff);
    backwardSteps();
    finishBackward();
  }

  /** {@link #backward} up to its time loop, which {@link #backwardPrepared} then runs with the rest. */
  public void prepareBackward(float[] dOut, int outOffset, int outStride, float[] dhN, int dhNOff, float[] dcN,
      int dcNOff, float[] x, float[] wIh, float[] wHh, float[] dx, boolean accumulateDx, float[] dh0, int dh0Off,
      float[] dc0, int dc0Off, float[] dWih, int dWihOff, float[] dWhh, int dWhhOff, float[] dbIh, int dbIhOff,
      float[] dbHh, int dbHhOff) {
    if (!backward) {
      throw new IllegalStateException("Recurrent: backward of a forward-only layer");
    }
    if (w == null) {
      throw new IllegalStateException("Recurrent: backward before any forward");
    }
    this.dOut = dOut;
    this.outOffset = outOffset;
    this.outStride = outStride;
    this.x = x;
    this.wIh = wIh;
    this.dx = dx;
    this.accumulateDx = accumulateDx;
    this.dh0 = dh0;
    this.dh0Off = dh0Off;
    this.dc0 = dc0;
    this.dc0Off = dc0Off;
    this.dWih = dWih;
    this.dWihOff = dWihOff;
    this.dWhh = dWhh;
    this.dWhhOff = dWhhOff;
    this.dbIh = dbIh;
    this.dbIhOff = dbIhOff;
    this.dbHh = dbHh;
    this.dbHhOff = dbHhOff;
    w.forBackward();
    seq.gather(dhN, dhNOff, hidden, w.dh);
    seq.gather(cell == Cell.LSTM ? dcN : null, dcNOff, hidden, w.dc);
    StepGemm.packRows(wHh, gh, hidden, hiddenWeights, w.hPad);
  }

  /**
   * The time loops of two prepared backward calls, on two threads when there are two, then each one's weight
   * gradients and dx: {@code first}'s, then {@code second}'s (so the second may add its dx to the first's).
   */
  public static void backwardPrepared(Recurrent first, Recurrent second) {
    first.pair.run(first, second, false);
    first.finishBackward();
    second.finishBackward();
  }

  private void backwardSteps() {
    int n = seq.batch();
    for (int s = seq.active() - 1; s >= 0; s--) {
      int m = seq.running(s);
      int row0 = seq.offset(s);
      if (dOut != null) {
        for (int k = 0; k < m; k++) {
          int o = (seq.time(s, k, reverse) * n + seq.order[k]) * outStride + outOffset;
          for (int j = 0; j < hidden; j++) {
            w.dh[k * hidden + j] += dOut[o + j];
          }
        }
      }
      switch (cell) {
        case RNN_TANH -> RnnCell.backward(w, row0, m, false);
        case RNN_RELU -> RnnCell.backward(w, row0, m, true);
        case GRU -> GruCell.backward(w, row0, m);
        case LSTM -> LstmCell.backward(w, row0, m);
      }
      // dh of the state before this step: through W_hh for the samples running at s, plus what passed around it
      // (GRU's z·dh; the other cells leave none). The samples not yet started keep theirs.
      StepGemm.multiply(m, gh, w.hiddenGateGrads, row0 * gh, gh, hiddenWeights, w.hPad, w.stepProduct);
      boolean carry = cell == Cell.GRU;
      for (int k = 0; k < m; k++) {
        for (int j = 0; j < hidden; j++) {
          int at = k * hidden + j;
          w.dh[at] = w.stepProduct[k * w.hPad + j] + (carry ? w.dh[at] : 0f);
        }
      }
    }
  }

  private void finishBackward() {
    if (dh0 != null) {
      seq.scatter(w.dh, hidden, dh0, dh0Off);
    }
    if (dc0 != null && cell == Cell.LSTM) {
      seq.scatter(w.dc, hidden, dc0, dc0Off);
    }
    int rows = seq.tokens();
    Gemm.sgemm(true, false, gh, in, rows, 1f, w.inputGates, 0, gh, packedX, 0, in, 0f, dWih, dWihOff, in);
    Gemm.sgemm(true, false, gh, hidden, rows, 1f, w.hiddenGateGrads, 0, gh, w.savedHidden, 0, hidden, 0f, dWhh,
        dWhhOff, hidden);
    if (dbIh != null) {
      Reduce.sumRows(rows, gh, w.inputGates, 0, dbIh, dbIhOff, false);
      Reduce.sumRows(rows, gh, w.hiddenGateGrads, 0, dbHh, dbHhOff, false);
    }
    if (dx != null) {
      Gemm.sgemm(false, false, rows, in, gh, 1f, w.inputGates, 0, gh, wIh, 0, in, 0f, packedX, 0, in);
      seq.unpack(packedX, in, reverse, dx, accumulateDx);
    }
    dOut = null;
    x = null;
  }

  /**
   * Swaps the two leading axes of {@code src} [d0, d1, inner] into {@code dst} [d1, d0, inner]: a batch-first
   * [N, T, F] input to the time-major layout the layer runs on, and its output back.
   */
  public static void swapLeadingAxes(int d0, int d1, int inner, float[] src, int srcOff, float[] dst, int dstOff) {
    for (int i = 0; i < d0; i++) {
      for (int j = 0; j < d1; j++) {
        System.arraycopy(src, srcOff + (i * d1 + j) * inner, dst, dstOff + (j * d0 + i) * inner, inner);
      }
    }
  }

  private void check(int n, int steps, int[] lengths) {
    if (n < 0 || n > maxBatch) {
      throw new KernelArgumentException("Recurrent: batch " + n + " is outside 0.." + maxBatch);
    }
    if (steps < 1 || steps > maxSteps) {
      throw new KernelArgumentException("Recurrent: " + steps + " steps is outside 1.." + maxSteps);
    }
    if (lengths != null) {
      for (int b = 0; b < n; b++) {
        if (lengths[b] < 1 || lengths[b] > steps) {
          throw new InputDataException("sequence lengths: sample " + b + " of the batch has length " + lengths[b]
              + "; each length must be between 1 and the padded length " + steps);
        }
      }
    }
  }

  /** Runs the time loops of two prepared calls: on workers 0 and 1 of the pool, or one after the other. */
  private static final class DirectionPair implements Parallel.Task {
    private Recurrent first;
    private Recurrent second;
    private boolean forward;

    void run(Recurrent first, Recurrent second, boolean forward) {
      this.first = first;
      this.second = second;
      this.forward = forward;
      try {
        Parallel.run(this);
      } finally {
        this.first = null;
        this.second = null;
      }
    }

    @Override
    public void run(int worker, int workers) {
      if (worker == 0) {
        steps(first);
        if (workers == 1) {
          steps(second);
        }
      } else if (worker == 1) {
        steps(second);
      }
    }

    private void steps(Recurrent r) {
      if (forward) {
        r.forwardSteps();
      } else {
        r.backwardSteps();
      }
    }
  }
}
