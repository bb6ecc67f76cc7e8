package dev.nnet.kernels;

import java.util.Arrays;

/**
 * One layer and one direction of PyTorch's RNN, GRU or LSTM over a padded, sequence-first batch {@code x [T, N, I]},
 * with a length per sample (packed-sequence semantics): a sample's state stops changing after its last step, the
 * reverse direction starts at each sample's own last step, and outputs past a sample's length are zero.
 *
 * <p>The input-to-hidden product of every step is one GEMM before the time loop; each step runs only the
 * hidden-to-hidden GEMM and one fused loop over the gates. Like PyTorch's packed batches, the samples are kept in
 * order of decreasing length, so a step's GEMM covers only the samples still running, and no step runs past the
 * longest. The backward pass (through time) keeps the gate
 * gradients of every step and finishes with three GEMMs (dx, dW_ih and dW_hh). Gates, weights and biases are laid
 * out as PyTorch's {@code weight_ih_l0} [G·H, I], {@code weight_hh_l0} [G·H, H], {@code bias_ih_l0} [G·H]: gate
 * order r, z, n for GRU and i, f, g, o for LSTM. Every workspace is allocated here, none per call.
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
  /** x·W_ihᵀ + b_ih for every (t, b); in backward, the input-side gate gradients. */
  private final float[] inputGates;
  /** h·W_hhᵀ + b_hh of one step. */
  private final float[] hiddenGates;
  /** Per step s and sample b: the gate activations, the state before the step, and for GRU W_hn·h + b_hn. */
  private final float[] savedGates;
  private final float[] savedHidden;
  private final float[] savedCell;
  private final float[] savedNewCell;
  private final float[] savedHn;
  /** Per step, the hidden-side gate gradients (rows of inactive samples zero). */
  private final float[] hiddenGateGrads;
  private final float[] h;
  private final float[] c;
  private final float[] dh;
  private final float[] dc;
  private int[] lengths;
  private int n;
  private int steps;
  /** Steps the last forward ran: the longest length (a batch padded further costs nothing past it). */
  private int active;
  /**
   * The samples by decreasing length (stable), as PyTorch's packed batches: the state, its gradient and the saved
   * rows of step s are kept in this order, so the samples still running at s are rows 0..running(s) and each
   * step's hidden GEMM covers only them.
   */
  private final int[] order;
  /** Counting sort's buckets, one per length. */
  private final int[] counts;
  private boolean reverse;

  public Recurrent(Cell cell, int maxBatch, int maxSteps, int inputSize, int hiddenSize) {
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
    int rows = maxSteps * maxBatch;
    this.inputGates = new float[rows * gh];
    this.hiddenGates = new float[maxBatch * gh];
    this.savedGates = new float[rows * gh];
    this.savedHidden = new float[rows * hiddenSize];
    this.savedCell = cell == Cell.LSTM ? new float[rows * hiddenSize] : new float[0];
    this.savedNewCell = cell == Cell.LSTM ? new float[rows * hiddenSize] : new float[0];
    this.savedHn = cell == Cell.GRU ? new float[rows * hiddenSize] : new float[0];
    this.hiddenGateGrads = new float[rows * gh];
    this.h = new float[maxBatch * hiddenSize];
    this.c = new float[maxBatch * hiddenSize];
    this.dh = new float[maxBatch * hiddenSize];
    this.dc = new float[maxBatch * hiddenSize];
    this.order = new int[maxBatch];
    this.counts = new int[maxSteps + 2];
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
    check(n, steps, lengths);
    this.n = n;
    this.steps = steps;
    this.active = longest(n, steps, lengths);
    this.lengths = lengths;
    this.reverse = reverse;
    sortByLength();
    Gemm.sgemm(false, true, active * n, gh, in, 1f, x, 0, in, wIh, 0, in, 0f, inputGates, 0, gh, bIh, 0, false,
        Activation.NONE);
    // Rows of steps a sample does not take are zero: backward multiplies them by zero gate gradients. The rows of
    // steps it takes are all written, so only these are cleared.
    for (int k = 0; k < n; k++) {
      for (int s = length(order[k]); s < active; s++) {
        Arrays.fill(savedHidden, (s * n + k) * hidden, (s * n + k + 1) * hidden, 0f);
      }
    }
    gather(h0, h0Off, h);
    if (cell == Cell.LSTM) {
      gather(c0, c0Off, c);
    }
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < n; b++) {
        if (t >= length(b)) {
          Arrays.fill(out, (t * n + b) * outStride + outOffset, (t * n + b) * outStride + outOffset + hidden, 0f);
        }
      }
    }
    int running = n;
    for (int s = 0; s < active; s++) {
      while (running > 0 && length(order[running - 1]) <= s) {
        running--; // that sample has ended: its state stays
      }
      Gemm.sgemm(false, true, running, gh, hidden, 1f, h, 0, hidden, wHh, 0, hidden, 0f, hiddenGates, 0, gh, bHh,
          0, false, Activation.NONE);
      for (int k = 0; k < running; k++) {
        int b = order[k];
        int len = length(b);
        int t = reverse ? len - 1 - s : s;
        step(s, k, b, t);
        System.arraycopy(h, k * hidden, out, (t * n + b) * outStride + outOffset, hidden);
      }
    }
    scatter(h, hN, hNOff);
    if (cell == Cell.LSTM && cN != null) {
      scatter(c, cN, cNOff);
    }
  }

  /**
   * One step of sample b (k-th by length) at time t: the fused gate loop, saving the gates and the previous state.
   */
  private void step(int s, int k, int b, int t) {
    int row = s * n + k;
    int gi = (t * n + b) * gh;
    int ghb = k * gh;
    int hb = k * hidden;
    int saved = row * gh;
    System.arraycopy(h, hb, savedHidden, row * hidden, hidden);
    switch (cell) {
      case RNN_TANH, RNN_RELU -> {
        for (int j = 0; j < hidden; j++) {
          float a = inputGates[gi + j] + hiddenGates[ghb + j];
          float y = cell == Cell.RNN_TANH ? (float) Math.tanh(a) : Math.max(a, 0f);
          savedGates[saved + j] = y;
          h[hb + j] = y;
        }
      }
      case GRU -> {
        for (int j = 0; j < hidden; j++) {
          float r = sigmoid(inputGates[gi + j] + hiddenGates[ghb + j]);
          float z = sigmoid(inputGates[gi + hidden + j] + hiddenGates[ghb + hidden + j]);
          float hn = hiddenGates[ghb + 2 * hidden + j];
          float nn = (float) Math.tanh(inputGates[gi + 2 * hidden + j] + r * hn);
          savedGates[saved + j] = r;
          savedGates[saved + hidden + j] = z;
          savedGates[saved + 2 * hidden + j] = nn;
          savedHn[row * hidden + j] = hn;
          h[hb + j] = (1f - z) * nn + z * h[hb + j];
        }
      }
      case LSTM -> {
        System.arraycopy(c, hb, savedCell, row * hidden, hidden);
        for (int j = 0; j < hidden; j++) {
          float i = sigmoid(inputGates[gi + j] + hiddenGates[ghb + j]);
          float f = sigmoid(inputGates[gi + hidden + j] + hiddenGates[ghb + hidden + j]);
          float g = (float) Math.tanh(inputGates[gi + 2 * hidden + j] + hiddenGates[ghb + 2 * hidden + j]);
          float o = sigmoid(inputGates[gi + 3 * hidden + j] + hiddenGates[ghb + 3 * hidden + j]);
          float cNew = f * c[hb + j] + i * g;
          savedGates[saved + j] = i;
          savedGates[saved + hidden + j] = f;
          savedGates[saved + 2 * hidden + j] = g;
          savedGates[saved + 3 * hidden + j] = o;
          savedNewCell[row * hidden + j] = cNew;
          c[hb + j] = cNew;
          h[hb + j] = o * (float) Math.tanh(cNew);
        }
      }
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
    gather(dhN, dhNOff, dh);
    gather(cell == Cell.LSTM ? dcN : null, dcNOff, dc);
    // inputGates now holds the input-side gate gradient of every (t, b), hiddenGateGrads the hidden side of every
    // (s, k): stepBackward writes every row a sample takes, so only the rows past its length (len..active-1) are
    // cleared.
    for (int k = 0; k < n; k++) {
      int b = order[k];
      for (int r = length(b); r < active; r++) {
        Arrays.fill(inputGates, (r * n + b) * gh, (r * n + b + 1) * gh, 0f);
        Arrays.fill(hiddenGateGrads, (r * n + k) * gh, (r * n + k + 1) * gh, 0f);
      }
    }
    int running = 0;
    for (int s = active - 1; s >= 0; s--) {
      while (running < n && length(order[running]) > s) {
        running++; // samples that end later run first; the state of the others passed through unchanged
      }
      for (int k = 0; k < running; k++) {
        int b = order[k];
        int len = length(b);
        int t = reverse ? len - 1 - s : s;
        if (dOut != null) {
          int o = (t * n + b) * outStride + outOffset;
          for (int j = 0; j < hidden; j++) {
            dh[k * hidden + j] += dOut[o + j];
          }
        }
        stepBackward(s, k, b, t);
      }
      // dh of the state before this step: through W_hh for the samples running at s, plus what passed around it.
      Gemm.sgemm(false, false, running, hidden, gh, 1f, hiddenGateGrads, s * n * gh, gh, wHh, 0, hidden, 0f,
          hiddenGates, 0, hidden);
      for (int j = 0; j < running * hidden; j++) {
        // GRU carries z·dh around the product; the other cells none (stepBackward left that term in dh).
        dh[j] = hiddenGates[j] + (cell == Cell.GRU ? dh[j] : 0f);
      }
    }
    if (dh0 != null) {
      scatter(dh, dh0, dh0Off);
    }
    if (dc0 != null && cell == Cell.LSTM) {
      scatter(dc, dc0, dc0Off);
    }
    int rows = active * n;
    if (dx != null) {
      Gemm.sgemm(false, false, rows, in, gh, 1f, inputGates, 0, gh, wIh, 0, in, accumulateDx ? 1f : 0f, dx, 0, in);
      if (!accumulateDx) {
        Arrays.fill(dx, rows * in, steps * n * in, 0f); // padding past every sample's end
      }
    }
    Gemm.sgemm(true, false, gh, in, rows, 1f, inputGates, 0, gh, x, 0, in, 0f, dWih, dWihOff, in);
    Gemm.sgemm(true, false, gh, hidden, rows, 1f, hiddenGateGrads, 0, gh, savedHidden, 0, hidden, 0f, dWhh,
        dWhhOff, hidden);
    if (dbIh != null) {
      Reduce.sumRows(rows, gh, inputGates, 0, dbIh, dbIhOff, false);
      Reduce.sumRows(rows, gh, hiddenGateGrads, 0, dbHh, dbHhOff, false);
    }
  }

  /**
   * The gate gradients of sample b's (k-th by length) step s (time t) from dh (and dc): input side into
   * {@code inputGates} at (t, b), hidden side into {@code hiddenGateGrads} at (s, k). Leaves in dh what bypasses W_hh (GRU's z·dh) and
   * in dc the gradient of the previous cell state.
   */
  private void stepBackward(int s, int k, int b, int t) {
    int row = s * n + k;
    int saved = row * gh;
    int di = (t * n + b) * gh;
    int dgh = row * gh;
    int hb = k * hidden;
    for (int j = 0; j < hidden; j++) {
      float g = dh[hb + j];
      switch (cell) {
        case RNN_TANH -> {
          float y = savedGates[saved + j];
          float a = g * (1f - y * y);
          inputGates[di + j] = a;
          hiddenGateGrads[dgh + j] = a;
        }
        case RNN_RELU -> {
          float a = savedGates[saved + j] > 0f ? g : 0f;
          inputGates[di + j] = a;
          hiddenGateGrads[dgh + j] = a;
        }
        case GRU -> {
          float r = savedGates[saved + j];
          float z = savedGates[saved + hidden + j];
          float nn = savedGates[saved + 2 * hidden + j];
          float hPrev = savedHidden[row * hidden + j];
          float hn = savedHn[row * hidden + j];
          float an = g * (1f - z) * (1f - nn * nn);
          float az = g * (hPrev - nn) * z * (1f - z);
          float ar = an * hn * r * (1f - r);
          inputGates[di + j] = ar;
          inputGates[di + hidden + j] = az;
          inputGates[di + 2 * hidden + j] = an;
          hiddenGateGrads[dgh + j] = ar;
          hiddenGateGrads[dgh + hidden + j] = az;
          hiddenGateGrads[dgh + 2 * hidden + j] = an * r;
          dh[hb + j] = g * z;
        }
        case LSTM -> {
          float i = savedGates[saved + j];
          float f = savedGates[saved + hidden + j];
          float gg = savedGates[saved + 2 * hidden + j];
          float o = savedGates[saved + 3 * hidden + j];
          float tc = (float) Math.tanh(savedNewCell[row * hidden + j]);
          float dcTotal = dc[hb + j] + g * o * (1f - tc * tc);
          float ai = dcTotal * gg * i * (1f - i);
          float af = dcTotal * savedCell[row * hidden + j] * f * (1f - f);
          float ag = dcTotal * i * (1f - gg * gg);
          float ao = g * tc * o * (1f - o);
          inputGates[di + j] = ai;
          inputGates[di + hidden + j] = af;
          inputGates[di + 2 * hidden + j] = ag;
          inputGates[di + 3 * hidden + j] = ao;
          hiddenGateGrads[dgh + j] = ai;
          hiddenGateGrads[dgh + hidden + j] = af;
          hiddenGateGrads[dgh + 2 * hidden + j] = ag;
          hiddenGateGrads[dgh + 3 * hidden + j] = ao;
          dc[hb + j] = dcTotal * f;
        }
      }
    }
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

  /** The longest sample's length: steps past it change no state and write only zeros. */
  private static int longest(int n, int steps, int[] lengths) {
    if (lengths == null) {
      return steps;
    }
    int longest = 0;
    for (int b = 0; b < n; b++) {
      longest = Math.max(longest, lengths[b]);
    }
    return longest;
  }

  private int length(int b) {
    return lengths == null ? steps : lengths[b];
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

  /** Sorts the samples by decreasing length into {@link #order}, ties in sample order (a counting sort). */
  private void sortByLength() {
    Arrays.fill(counts, 0, steps + 2, 0);
    for (int b = 0; b < n; b++) {
      counts[steps - length(b) + 1]++;
    }
    for (int l = 1; l <= steps + 1; l++) {
      counts[l] += counts[l - 1];
    }
    for (int b = 0; b < n; b++) {
      order[counts[steps - length(b)]++] = b;
    }
  }

  /** A state [n, H] in sample order into {@code to} in length order; zeros when {@code from} is null. */
  private void gather(float[] from, int fromOff, float[] to) {
    if (from == null) {
      Arrays.fill(to, 0, n * hidden, 0f);
      return;
    }
    for (int k = 0; k < n; k++) {
      System.arraycopy(from, fromOff + order[k] * hidden, to, k * hidden, hidden);
    }
  }

  /** A state in length order back to sample order at {@code toOff} of {@code to}. */
  private void scatter(float[] from, float[] to, int toOff) {
    for (int k = 0; k < n; k++) {
      System.arraycopy(from, k * hidden, to, toOff + order[k] * hidden, hidden);
    }
  }

  // In double, like the epilogue's sigmoid, so the float result is correctly rounded.
  private static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-(double) x)));
  }
}
