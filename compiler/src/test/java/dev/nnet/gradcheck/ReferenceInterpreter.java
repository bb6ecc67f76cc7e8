package dev.nnet.gradcheck;

import dev.nnet.ir.op.IrOp;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Act;
import dev.nnet.ir.op.ChannelSum;
import dev.nnet.ir.op.Concat;
import dev.nnet.ir.op.Conv2d;
import dev.nnet.ir.op.Conv2dGradInput;
import dev.nnet.ir.op.Conv2dGradWeight;
import dev.nnet.ir.op.Dropout;
import dev.nnet.ir.op.DropoutGrad;
import dev.nnet.ir.op.Input;
import dev.nnet.ir.op.Linear;
import dev.nnet.ir.op.LinearGradInput;
import dev.nnet.ir.op.LinearGradWeight;
import dev.nnet.ir.op.Loss;
import dev.nnet.ir.op.LossGrad;
import dev.nnet.ir.op.Param;
import dev.nnet.ir.op.Pointwise;
import dev.nnet.ir.op.Pool2d;
import dev.nnet.ir.op.Pool2dGrad;
import dev.nnet.ir.op.ReduceTo;
import dev.nnet.ir.op.Reshape;
import dev.nnet.ir.op.Slice;
import dev.nnet.ir.op.SliceGrad;
import dev.nnet.ir.op.Softmax;
import dev.nnet.ir.op.SoftmaxGrad;
import dev.nnet.ir.op.SumRows;
import dev.nnet.ir.op.Transpose;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates IR nodes in double precision with naive loops, one method per op, written from each op's documented
 * meaning rather than from its emitter, so that finite differences of its forward ops can judge the backward graph
 * autodiff builds. Leaves ({@link Input}, {@link Param}) take given values; dropout takes a given mask per node;
 * integer tensors (class indices) are held as whole doubles. Batch symbols are bound to one concrete size.
 */
final class ReferenceInterpreter {
    private final Map<String, Dim> symbols;
    private final Map<Node, double[]> masks;
    /** Finite differences evaluate the same graph thousands of times: sizes are worked out once per object. */
    private final Map<Dim, Integer> sizes = new IdentityHashMap<>();
    private final Map<TensorType, int[]> shapes = new IdentityHashMap<>();

    /** {@code masks}: the scaled keep mask (0 or 1/(1−p)) of each dropout node. */
    ReferenceInterpreter(String batchSymbol, int batch, Map<Node, double[]> masks) {
        this.symbols = Map.of(batchSymbol, Dim.of(batch));
        this.masks = masks;
    }

    /** The value of every node in {@code nodes} (in execution order), leaves taken from {@code leaves}. */
    Map<Node, double[]> run(List<Node> nodes, Map<Node, double[]> leaves) {
        Map<Node, double[]> values = new HashMap<>();
        for (Node n : nodes) {
            double[] v = eval(n, values, leaves);
            if (v.length != numel(n.type())) {
                throw new IllegalStateException(n + " (" + n.op().name() + ") produced " + v.length
                        + " values for type " + n.type());
            }
            values.put(n, v);
        }
        return values;
    }

    int size(Dim d) {
        return sizes.computeIfAbsent(d, k -> Math.toIntExact(k.substitute(symbols).constant().orElseThrow(
                () -> new IllegalStateException("dimension " + k + " is not concrete once the batch is bound"))));
    }

    int[] shape(TensorType t) {
        return shapes.computeIfAbsent(t, k -> {
            int[] s = new int[k.rank()];
            for (int i = 0; i < s.length; i++) {
                s[i] = size(k.dim(i));
            }
            return s;
        }).clone();
    }

    int numel(TensorType t) {
        int n = 1;
        for (int d : shape(t)) {
            n *= d;
        }
        return n;
    }

    /** Product of the sizes of axes [from, to). */
    int span(TensorType t, int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) {
            n *= size(t.dim(i));
        }
        return n;
    }

    private double[] eval(Node n, Map<Node, double[]> values, Map<Node, double[]> leaves) {
        IrOp op = n.op();
        if (op instanceof Input || op instanceof Param) {
            double[] v = leaves.get(n);
            if (v == null) {
                throw new IllegalStateException("no value given for " + n + " " + op.attributes());
            }
            return v.clone();
        }
        double[][] in = new double[n.inputs().size()][];
        for (int i = 0; i < in.length; i++) {
            in[i] = values.get(n.input(i));
        }
        if (op instanceof Linear l) {
            if (l.act() != Act.NONE) {
                throw new IllegalStateException("fused activations appear only after autodiff; check them unfused");
            }
            return linear(n, in, l.bias());
        } else if (op instanceof LinearGradInput l) {
            // With a fused ReLU, dx counts where the ReLU output (input 2) is positive.
            double[] dx = linearGradInput(n, in[0], in[1]);
            return l.relu() ? reluMasked(dx, in[2]) : dx;
        } else if (op instanceof LinearGradWeight) {
            return linearGradWeight(n, in[0], in[1]);
        } else if (op instanceof SumRows) {
            return sumRows(n, in[0]);
        } else if (op instanceof ChannelSum) {
            return channelSum(n, in[0]);
        } else if (op instanceof Conv2d c) {
            return ReferenceConvPool.conv(this, n, c, in);
        } else if (op instanceof Conv2dGradInput c) {
            return ReferenceConvPool.convGradInput(this, n, c.geometry(), in[0], in[1]);
        } else if (op instanceof Conv2dGradWeight c) {
            return ReferenceConvPool.convGradWeight(this, n, c.geometry(), in[0], in[1]);
        } else if (op instanceof Pool2d p) {
            double[] pooled = ReferenceConvPool.pool(this, n, p.geometry(), in[0]);
            return p.relu() ? relu(pooled) : pooled;
        } else if (op instanceof Pool2dGrad p) {
            // The forward pooling node is input 1; its own input is the x whose windows the gradient follows. With
            // a fused ReLU, dy counts where that node's (ReLU'd) output is positive; a third input adds to dy.
            double[] dy = in.length == 3 ? plus(in[0], in[2]) : in[0];
            dy = p.relu() ? reluMasked(dy, in[1]) : dy;
            return ReferenceConvPool.poolGrad(this, n, p.geometry(), dy, values.get(n.input(1).input(0)));
        } else if (op instanceof Pointwise p) {
            return ReferencePointwise.pointwise(this, n, p.expr(), in);
        } else if (op instanceof ReduceTo) {
            return ReferencePointwise.reduceTo(this, n, in[0]);
        } else if (op instanceof Reshape) {
            return in[0].clone();
        } else if (op instanceof Concat c) {
            return concat(n, c.axis(), in);
        } else if (op instanceof Slice s) {
            return slice(n, s, in[0]);
        } else if (op instanceof SliceGrad s) {
            return sliceGrad(n, s, in[0]);
        } else if (op instanceof Transpose t) {
            return transpose(n, t, in[0]);
        } else if (op instanceof Softmax s) {
            return softmax(n, s.log(), in[0]);
        } else if (op instanceof SoftmaxGrad s) {
            return softmaxGrad(n, s.log(), in[0], in[1]);
        } else if (op instanceof Dropout) {
            return times(in[0], mask(n));
        } else if (op instanceof DropoutGrad) {
            return times(in[0], mask(n.input(1)));
        } else if (op instanceof dev.nnet.ir.op.Fill f) {
            double[] v = new double[numel(n.type())];
            java.util.Arrays.fill(v, f.value());
            return v;
        } else if (op instanceof dev.nnet.ir.op.EmbeddingLookup) {
            int dim = size(n.input(1).type().dim(1));
            double[] out = new double[numel(n.type())];
            for (int i = 0; i < in[0].length; i++) {
                System.arraycopy(in[1], (int) in[0][i] * dim, out, i * dim, dim);
            }
            return out;
        } else if (op instanceof dev.nnet.ir.op.EmbeddingLookupGrad g) {
            int dim = size(g.table().dim(1));
            double[] out = new double[numel(g.table())];
            for (int i = 0; i < in[1].length; i++) {
                int row = (int) in[1][i];
                for (int j = 0; g.paddingIdx() == null || row != g.paddingIdx() ? j < dim : false; j++) {
                    out[row * dim + j] += in[0][i * dim + j];
                }
            }
            return out;
        } else if (op instanceof dev.nnet.ir.op.RecurrentLayers) {
            return ReferenceRecurrent.forward(this, n, in);
        } else if (op instanceof dev.nnet.ir.op.RecurrentLayersGrad) {
            return ReferenceRecurrent.backward(this, n, in);
        } else if (op instanceof Loss l) {
            return new double[] {ReferenceLoss.loss(this, n, l.kind(), l.sum(), l.scale(), in[0], in[1])};
        } else if (op instanceof LossGrad l) {
            return ReferenceLoss.lossGrad(this, n, l.kind(), l.sum(), l.scale(), in[0], in[1]);
        }
        throw new IllegalStateException("the reference interpreter has no semantics for `" + op.name() + "` ("
                + op.getClass().getSimpleName() + "); add them before checking its gradient");
    }

    private double[] linear(Node n, double[][] in, boolean bias) {
        Node x = n.input(0);
        int rows = span(x.type(), 0, x.type().rank() - 1);
        int inF = size(x.type().dim(-1));
        int outF = size(n.type().dim(-1));
        double[] y = new double[rows * outF];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < outF; o++) {
                double s = bias ? in[2][o] : 0;
                for (int i = 0; i < inF; i++) {
                    s += in[0][r * inF + i] * in[1][o * inF + i];
                }
                y[r * outF + o] = s;
            }
        }
        return y;
    }

    /** dx[r, i] = Σ_o dy[r, o]·W[o, i]. */
    private double[] linearGradInput(Node n, double[] dy, double[] w) {
        int rows = span(n.type(), 0, n.type().rank() - 1);
        int inF = size(n.type().dim(-1));
        int outF = size(n.input(0).type().dim(-1));
        double[] dx = new double[rows * inF];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < inF; i++) {
                for (int o = 0; o < outF; o++) {
                    dx[r * inF + i] += dy[r * outF + o] * w[o * inF + i];
                }
            }
        }
        return dx;
    }

    /** dW[o, i] = Σ_r dy[r, o]·x[r, i]. */
    private double[] linearGradWeight(Node n, double[] dy, double[] x) {
        TensorType dyType = n.input(0).type();
        int rows = span(dyType, 0, dyType.rank() - 1);
        int outF = size(dyType.dim(-1));
        int inF = size(n.input(1).type().dim(-1));
        double[] dw = new double[outF * inF];
        for (int o = 0; o < outF; o++) {
            for (int i = 0; i < inF; i++) {
                for (int r = 0; r < rows; r++) {
                    dw[o * inF + i] += dy[r * outF + o] * x[r * inF + i];
                }
            }
        }
        return dw;
    }

    private double[] sumRows(Node n, double[] dy) {
        TensorType t = n.input(0).type();
        int cols = size(t.dim(-1));
        int rows = span(t, 0, t.rank() - 1);
        double[] out = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c] += dy[r * cols + c];
            }
        }
        return out;
    }

    private double[] channelSum(Node n, double[] dy) {
        int[] s = shape(n.input(0).type());
        double[] out = new double[s[1]];
        for (int b = 0; b < s[0]; b++) {
            for (int c = 0; c < s[1]; c++) {
                for (int j = 0; j < s[2] * s[3]; j++) {
                    out[c] += dy[(b * s[1] + c) * s[2] * s[3] + j];
                }
            }
        }
        return out;
    }

    private double[] concat(Node n, int axis, double[][] in) {
        int outer = span(n.type(), 0, axis);
        int inner = span(n.type(), axis + 1, n.type().rank());
        int outAxis = size(n.type().dim(axis));
        double[] y = new double[numel(n.type())];
        int at = 0;
        for (int k = 0; k < in.length; k++) {
            int len = size(n.input(k).type().dim(axis));
            for (int o = 0; o < outer; o++) {
                for (int a = 0; a < len; a++) {
                    for (int i = 0; i < inner; i++) {
                        y[(o * outAxis + at + a) * inner + i] = in[k][(o * len + a) * inner + i];
                    }
                }
            }
            at += len;
        }
        return y;
    }

    private double[] slice(Node n, Slice s, double[] x) {
        TensorType t = n.input(0).type();
        int outer = span(t, 0, s.axis());
        int inner = span(t, s.axis() + 1, t.rank());
        int inAxis = size(t.dim(s.axis()));
        int start = size(s.start());
        int len = size(s.length());
        double[] y = new double[outer * len * inner];
        for (int o = 0; o < outer; o++) {
            for (int a = 0; a < len; a++) {
                for (int i = 0; i < inner; i++) {
                    y[(o * len + a) * inner + i] = x[(o * inAxis + start + a) * inner + i];
                }
            }
        }
        return y;
    }

    /** y[..., j, ..., i, ...] = x[..., i, ..., j, ...], element by element over every index of x. */
    private double[] transpose(Node n, Transpose t, double[] x) {
        TensorType in = n.input(0).type();
        int rank = in.rank();
        int[] dims = new int[rank];
        for (int k = 0; k < rank; k++) {
            dims[k] = size(in.dim(k));
        }
        int[] swapped = dims.clone();
        swapped[t.first()] = dims[t.second()];
        swapped[t.second()] = dims[t.first()];
        double[] y = new double[x.length];
        int[] index = new int[rank];
        for (int flat = 0; flat < x.length; flat++) {
            int rest = flat;
            for (int k = rank - 1; k >= 0; k--) {
                index[k] = rest % dims[k];
                rest /= dims[k];
            }
            int to = 0;
            for (int k = 0; k < rank; k++) {
                int at = k == t.first() ? index[t.second()] : k == t.second() ? index[t.first()] : index[k];
                to = to * swapped[k] + at;
            }
            y[to] = x[flat];
        }
        return y;
    }

    /** Zeros of the sliced input's shape, with dy at the slice's place. */
    private double[] sliceGrad(Node n, SliceGrad s, double[] dy) {
        TensorType t = n.type();
        int outer = span(t, 0, s.axis());
        int inner = span(t, s.axis() + 1, t.rank());
        int full = size(s.size());
        int start = size(s.start());
        int len = size(n.input(0).type().dim(s.axis()));
        double[] y = new double[outer * full * inner];
        for (int o = 0; o < outer; o++) {
            for (int a = 0; a < len; a++) {
                for (int i = 0; i < inner; i++) {
                    y[(o * full + start + a) * inner + i] = dy[(o * len + a) * inner + i];
                }
            }
        }
        return y;
    }

    /** softmax(x)_c = exp(x_c) / Σ exp(x_j) over the last axis; log-softmax is x_c − log Σ exp(x_j). */
    private double[] softmax(Node n, boolean log, double[] x) {
        int cols = size(n.type().dim(-1));
        int rows = x.length / cols;
        double[] y = new double[x.length];
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += Math.exp(x[r * cols + c]);
            }
            for (int c = 0; c < cols; c++) {
                y[r * cols + c] = log ? x[r * cols + c] - Math.log(sum) : Math.exp(x[r * cols + c]) / sum;
            }
        }
        return y;
    }

    /** The formulas in {@link SoftmaxGrad}'s documentation, from the output y. */
    private double[] softmaxGrad(Node n, boolean log, double[] dy, double[] y) {
        int cols = size(n.type().dim(-1));
        int rows = dy.length / cols;
        double[] dx = new double[dy.length];
        for (int r = 0; r < rows; r++) {
            double dot = 0;
            for (int c = 0; c < cols; c++) {
                dot += log ? dy[r * cols + c] : dy[r * cols + c] * y[r * cols + c];
            }
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                dx[i] = log ? dy[i] - Math.exp(y[i]) * dot : y[i] * (dy[i] - dot);
            }
        }
        return dx;
    }

    private double[] mask(Node dropout) {
        double[] m = masks.get(dropout);
        if (m == null) {
            throw new IllegalStateException("no dropout mask given for " + dropout);
        }
        return m;
    }

    private static double[] times(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * b[i];
        }
        return out;
    }

    private static double[] relu(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(0, x[i]);
        }
        return y;
    }

    private static double[] reluMasked(double[] dy, double[] y) {
        double[] out = new double[dy.length];
        for (int i = 0; i < dy.length; i++) {
            out[i] = y[i] > 0 ? dy[i] : 0;
        }
        return out;
    }

    private static double[] plus(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }
}
