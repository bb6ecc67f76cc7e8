package dev.nnet.gradcheck;

import dev.nnet.ir.Node;
import dev.nnet.ir.op.RecurrentCell;
import dev.nnet.ir.op.RecurrentLayers;
import dev.nnet.types.TensorType;
import java.util.List;

/**
 * The semantics of {@link RecurrentLayers} and its gradient in double, written out per sample and step from
 * PyTorch's equations (not from the kernel): gate order r, z, n (GRU) and i, f, g, o (LSTM), packed lengths
 * (a sample stops after its length, the reverse direction starts at its own last step, outputs past it are zero).
 */
final class ReferenceRecurrent {
    private final RecurrentLayers op;
    private final double[][] in;
    private final int steps;
    private final int n;
    private final int hidden;
    private final int dirs;
    private final int[] lengths;
    private final boolean batched;
    /** Per layer: its time-major input [T][N][features]; the last entry is the final output. */
    private final double[][][][] layerIn;
    /** Per layer, direction, sample and step taken: the state before the step (h, and c for the LSTM). */
    private final double[][][][][] hBefore;
    private final double[][][][][] cBefore;
    private final double[][] hLast;
    private final double[][] cLast;

    private ReferenceRecurrent(ReferenceInterpreter ri, RecurrentLayers op, TensorType x, double[][] in) {
        this.op = op;
        this.in = in;
        this.batched = x.rank() == 3;
        this.steps = ri.size(op.steps(x));
        this.n = ri.size(op.batch(x));
        this.hidden = op.hidden();
        this.dirs = op.directions();
        this.lengths = new int[n];
        for (int b = 0; b < n; b++) {
            lengths[b] = op.lengths() ? (int) in[op.lengthsInput()][b] : steps;
        }
        int features = ri.size(x.dim(-1));
        layerIn = new double[op.layers() + 1][][][];
        layerIn[0] = new double[steps][n][features];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < n; b++) {
                for (int f = 0; f < features; f++) {
                    layerIn[0][t][b][f] = in[0][inputIndex(t, b, features) + f];
                }
            }
        }
        hBefore = new double[op.layers()][dirs][n][steps][];
        cBefore = new double[op.layers()][dirs][n][steps][];
        hLast = new double[op.layers() * dirs][];
        cLast = new double[op.layers() * dirs][];
        for (int layer = 0; layer < op.layers(); layer++) {
            layerIn[layer + 1] = new double[steps][n][dirs * hidden];
            for (int d = 0; d < dirs; d++) {
                run(layer, d);
            }
        }
    }

    /** Where (t, b) starts in x or the output, for the op's layout. */
    private int inputIndex(int t, int b, int features) {
        return (op.batchFirst() && batched ? b * steps + t : t * n + b) * features;
    }

    static double[] forward(ReferenceInterpreter ri, Node self, double[][] in) {
        RecurrentLayers op = (RecurrentLayers) self.op();
        return new ReferenceRecurrent(ri, op, self.input(0).type(), in).packed();
    }

    private double[] packed() {
        int width = dirs * hidden;
        int states = op.layers() * dirs * n * hidden;
        double[] out = new double[steps * n * width + states * op.stateCount()];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < n; b++) {
                System.arraycopy(layerIn[op.layers()][t][b], 0, out, inputIndex(t, b, width), width);
            }
        }
        for (int slot = 0; slot < op.layers() * dirs; slot++) {
            for (int b = 0; b < n; b++) {
                System.arraycopy(hLast[slot], b * hidden, out, steps * n * width + (slot * n + b) * hidden, hidden);
                if (op.stateCount() == 2) {
                    System.arraycopy(cLast[slot], b * hidden, out, steps * n * width + states
                            + (slot * n + b) * hidden, hidden);
                }
            }
        }
        return out;
    }

    private double[] weight(int layer, int d, int k) {
        return in[op.firstParameter() + (layer * dirs + d) * op.parametersPerLayer() + k];
    }

    private void run(int layer, int d) {
        int slot = layer * dirs + d;
        int features = layerIn[layer][0][0].length;
        hLast[slot] = new double[n * hidden];
        cLast[slot] = new double[n * hidden];
        for (int b = 0; b < n; b++) {
            double[] h = new double[hidden];
            double[] c = new double[hidden];
            if (op.initialState()) {
                System.arraycopy(in[1], (slot * n + b) * hidden, h, 0, hidden);
                if (op.stateCount() == 2) {
                    System.arraycopy(in[2], (slot * n + b) * hidden, c, 0, hidden);
                }
            }
            for (int s = 0; s < lengths[b]; s++) {
                int t = d == 1 ? lengths[b] - 1 - s : s;
                hBefore[layer][d][b][s] = h.clone();
                cBefore[layer][d][b][s] = c.clone();
                double[] a = affine(weight(layer, d, 0), layer, d, 2, layerIn[layer][t][b], features);
                double[] r = affine(weight(layer, d, 1), layer, d, 3, h, hidden);
                double[][] next = cell(a, r, h, c);
                h = next[0];
                c = next[1];
                System.arraycopy(h, 0, layerIn[layer + 1][t][b], d * hidden, hidden);
            }
            System.arraycopy(h, 0, hLast[slot], b * hidden, hidden);
            System.arraycopy(c, 0, cLast[slot], b * hidden, hidden);
        }
    }

    /** W·v + bias (bias {@code k} of this layer and direction, if the op has biases). */
    private double[] affine(double[] w, int layer, int d, int k, double[] v, int width) {
        int rows = op.cell().gates() * hidden;
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            double sum = op.bias() ? weight(layer, d, k)[i] : 0;
            for (int j = 0; j < width; j++) {
                sum += w[i * width + j] * v[j];
            }
            out[i] = sum;
        }
        return out;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** One step from the input-side pre-activations a and hidden-side r: the new h and c. */
    private double[][] cell(double[] a, double[] r, double[] h, double[] c) {
        int hs = hidden;
        double[] h2 = new double[hs];
        double[] c2 = new double[hs];
        for (int j = 0; j < hs; j++) {
            switch (op.cell()) {
                case RNN_TANH -> h2[j] = Math.tanh(a[j] + r[j]);
                case RNN_RELU -> h2[j] = Math.max(0, a[j] + r[j]);
                case GRU -> {
                    double rg = sigmoid(a[j] + r[j]);
                    double z = sigmoid(a[hs + j] + r[hs + j]);
                    double nn = Math.tanh(a[2 * hs + j] + rg * r[2 * hs + j]);
                    h2[j] = (1 - z) * nn + z * h[j];
                }
                case LSTM -> {
                    double i = sigmoid(a[j] + r[j]);
                    double f = sigmoid(a[hs + j] + r[hs + j]);
                    double g = Math.tanh(a[2 * hs + j] + r[2 * hs + j]);
                    double o = sigmoid(a[3 * hs + j] + r[3 * hs + j]);
                    c2[j] = f * c[j] + i * g;
                    h2[j] = o * Math.tanh(c2[j]);
                }
            }
        }
        return new double[][] {h2, c2};
    }

    /** Inputs of the gradient node: dOut, the forward node, then the forward's inputs. */
    static double[] backward(ReferenceInterpreter ri, Node self, double[][] gradIn) {
        Node forward = self.input(1);
        RecurrentLayers op = (RecurrentLayers) forward.op();
        double[][] in = java.util.Arrays.copyOfRange(gradIn, 2, gradIn.length);
        return new ReferenceRecurrent(ri, op, forward.input(0).type(), in).gradients(gradIn[0], forward.inputs());
    }

    private double[] gradients(double[] dPacked, List<Node> inputs) {
        int width = dirs * hidden;
        int states = op.layers() * dirs * n * hidden;
        double[][] grads = new double[in.length][];
        for (int i = 0; i < in.length; i++) {
            grads[i] = new double[in[i].length];
        }
        double[][][] dOut = new double[steps][n][width];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < n; b++) {
                System.arraycopy(dPacked, inputIndex(t, b, width), dOut[t][b], 0, width);
            }
        }
        for (int layer = op.layers() - 1; layer >= 0; layer--) {
            int features = layerIn[layer][0][0].length;
            double[][][] dIn = new double[steps][n][features];
            for (int d = 0; d < dirs; d++) {
                int slot = layer * dirs + d;
                for (int b = 0; b < n; b++) {
                    double[] dh = new double[hidden];
                    double[] dc = new double[hidden];
                    System.arraycopy(dPacked, steps * n * width + (slot * n + b) * hidden, dh, 0, hidden);
                    if (op.stateCount() == 2) {
                        System.arraycopy(dPacked, steps * n * width + states + (slot * n + b) * hidden, dc, 0, hidden);
                    }
                    for (int s = lengths[b] - 1; s >= 0; s--) {
                        int t = d == 1 ? lengths[b] - 1 - s : s;
                        for (int j = 0; j < hidden; j++) {
                            dh[j] += dOut[t][b][d * hidden + j];
                        }
                        stepBackward(layer, d, b, s, layerIn[layer][t][b], features, dh, dc, dIn[t][b], grads);
                    }
                    if (op.initialState()) {
                        System.arraycopy(dh, 0, grads[1], (slot * n + b) * hidden, hidden);
                        if (op.stateCount() == 2) {
                            System.arraycopy(dc, 0, grads[2], (slot * n + b) * hidden, hidden);
                        }
                    }
                }
            }
            dOut = dIn;
        }
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < n; b++) {
                int features = dOut[t][b].length;
                System.arraycopy(dOut[t][b], 0, grads[0], inputIndex(t, b, features), features);
            }
        }
        int total = 0;
        for (int i = 0; i < in.length; i++) {
            total += i == op.lengthsInput() ? 0 : grads[i].length;
        }
        double[] out = new double[total];
        int at = 0;
        for (int i = 0; i < in.length; i++) {
            if (i != op.lengthsInput()) {
                System.arraycopy(grads[i], 0, out, at, grads[i].length);
                at += grads[i].length;
            }
        }
        return out;
    }

    /**
     * Back through one step: recomputes its gates, adds the weight gradients and x's, and leaves in dh and dc the
     * gradients of the state before the step.
     */
    private void stepBackward(int layer, int d, int b, int s, double[] x, int features, double[] dh, double[] dc,
                              double[] dx, double[][] grads) {
        int hs = hidden;
        int gates = op.cell().gates() * hs;
        double[] h = hBefore[layer][d][b][s];
        double[] c = cBefore[layer][d][b][s];
        double[] a = affine(weight(layer, d, 0), layer, d, 2, x, features);
        double[] r = affine(weight(layer, d, 1), layer, d, 3, h, hs);
        double[] da = new double[gates];
        double[] dr = new double[gates];
        double[] dhPrev = new double[hs];
        for (int j = 0; j < hs; j++) {
            switch (op.cell()) {
                case RNN_TANH -> {
                    double y = Math.tanh(a[j] + r[j]);
                    da[j] = dh[j] * (1 - y * y);
                    dr[j] = da[j];
                }
                case RNN_RELU -> {
                    da[j] = a[j] + r[j] > 0 ? dh[j] : 0;
                    dr[j] = da[j];
                }
                case GRU -> {
                    double rg = sigmoid(a[j] + r[j]);
                    double z = sigmoid(a[hs + j] + r[hs + j]);
                    double nn = Math.tanh(a[2 * hs + j] + rg * r[2 * hs + j]);
                    double dPreN = dh[j] * (1 - z) * (1 - nn * nn);
                    double dPreZ = dh[j] * (h[j] - nn) * z * (1 - z);
                    double dPreR = dPreN * r[2 * hs + j] * rg * (1 - rg);
                    da[j] = dPreR;
                    da[hs + j] = dPreZ;
                    da[2 * hs + j] = dPreN;
                    dr[j] = dPreR;
                    dr[hs + j] = dPreZ;
                    dr[2 * hs + j] = dPreN * rg;
                    dhPrev[j] = dh[j] * z;
                }
                case LSTM -> {
                    double i = sigmoid(a[j] + r[j]);
                    double f = sigmoid(a[hs + j] + r[hs + j]);
                    double g = Math.tanh(a[2 * hs + j] + r[2 * hs + j]);
                    double o = sigmoid(a[3 * hs + j] + r[3 * hs + j]);
                    double tc = Math.tanh(f * c[j] + i * g);
                    double dct = dc[j] + dh[j] * o * (1 - tc * tc);
                    da[j] = dct * g * i * (1 - i);
                    da[hs + j] = dct * c[j] * f * (1 - f);
                    da[2 * hs + j] = dct * i * (1 - g * g);
                    da[3 * hs + j] = dh[j] * tc * o * (1 - o);
                    System.arraycopy(da, 0, dr, 0, gates);
                    dc[j] = dct * f;
                }
            }
        }
        if (op.cell() == RecurrentCell.LSTM) {
            System.arraycopy(da, 0, dr, 0, gates);
        }
        int w = op.firstParameter() + (layer * dirs + d) * op.parametersPerLayer();
        double[] wIh = in[w];
        double[] wHh = in[w + 1];
        for (int i = 0; i < gates; i++) {
            for (int k = 0; k < features; k++) {
                grads[w][i * features + k] += da[i] * x[k];
                dx[k] += da[i] * wIh[i * features + k];
            }
            for (int k = 0; k < hs; k++) {
                grads[w + 1][i * hs + k] += dr[i] * h[k];
                dhPrev[k] += dr[i] * wHh[i * hs + k];
            }
            if (op.bias()) {
                grads[w + 2][i] += da[i];
                grads[w + 3][i] += dr[i];
            }
        }
        System.arraycopy(dhPrev, 0, dh, 0, hs);
    }
}
