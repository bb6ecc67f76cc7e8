package dev.nnet.gradcheck;

import dev.nnet.ir.Node;
import dev.nnet.ir.op.Act;
import dev.nnet.ir.op.Conv2d;
import dev.nnet.ir.op.ConvGeometry;
import dev.nnet.ir.op.PExpr;
import dev.nnet.ir.op.PoolGeometry;

/**
 * Convolution and pooling over NCHW in double, as PyTorch defines them: the convolution as the direct sum over
 * every tap, its two gradients as the adjoint scatter of that sum, pooling window by window.
 */
final class ReferenceConvPool {
    private ReferenceConvPool() {
    }

    /** Visits every (sample, out channel, out pixel, in channel, tap) whose input pixel lies inside the image. */
    private interface Tap {
        void at(int yIndex, int wIndex, int xIndex);
    }

    private static void forEachTap(ConvGeometry g, int batch, Tap tap) {
        int groupIn = g.inChannels() / g.groups();
        int groupOut = g.outChannels() / g.groups();
        int oh = g.outHeight();
        int ow = g.outWidth();
        for (int n = 0; n < batch; n++) {
            for (int oc = 0; oc < g.outChannels(); oc++) {
                int group = oc / groupOut;
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        int yIndex = ((n * g.outChannels() + oc) * oh + y) * ow + x;
                        for (int icl = 0; icl < groupIn; icl++) {
                            int ic = group * groupIn + icl;
                            for (int kh = 0; kh < g.kernelH(); kh++) {
                                int h = y * g.strideH() - g.padH() + kh * g.dilationH();
                                for (int kw = 0; kw < g.kernelW(); kw++) {
                                    int w = x * g.strideW() - g.padW() + kw * g.dilationW();
                                    if (h >= 0 && h < g.height() && w >= 0 && w < g.width()) {
                                        tap.at(yIndex, ((oc * groupIn + icl) * g.kernelH() + kh) * g.kernelW() + kw,
                                                ((n * g.inChannels() + ic) * g.height() + h) * g.width() + w);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** With the fused residual and activation of an optimized graph: act(conv + bias + residual). */
    static double[] conv(ReferenceInterpreter ri, Node n, Conv2d op, double[][] in) {
        ConvGeometry g = op.geometry();
        double[] y = new double[ri.numel(n.type())];
        int plane = g.outHeight() * g.outWidth();
        if (op.bias()) {
            for (int i = 0; i < y.length; i++) {
                y[i] = in[2][i / plane % g.outChannels()];
            }
        }
        forEachTap(g, batch(ri, n), (yi, wi, xi) -> y[yi] += in[1][wi] * in[0][xi]);
        if (op.residual()) {
            double[] residual = in[in.length - 1];
            for (int i = 0; i < y.length; i++) {
                y[i] += residual[i];
            }
        }
        if (op.act() != Act.NONE) {
            PExpr act = new PExpr.Call1(PExpr.Fn1.valueOf(op.act().name()), PExpr.in(0));
            for (int i = 0; i < y.length; i++) {
                y[i] = ReferencePointwise.eval(act, new double[] {y[i]});
            }
        }
        return y;
    }

    /** Inputs dy, weight. */
    static double[] convGradInput(ReferenceInterpreter ri, Node n, ConvGeometry g, double[] dy, double[] w) {
        double[] dx = new double[ri.numel(n.type())];
        forEachTap(g, batch(ri, n), (yi, wi, xi) -> dx[xi] += dy[yi] * w[wi]);
        return dx;
    }

    /** Inputs dy, x. */
    static double[] convGradWeight(ReferenceInterpreter ri, Node n, ConvGeometry g, double[] dy, double[] x) {
        double[] dw = new double[ri.numel(n.type())];
        forEachTap(g, ri.size(n.input(0).type().dim(0)), (yi, wi, xi) -> dw[wi] += dy[yi] * x[xi]);
        return dw;
    }

    private static int batch(ReferenceInterpreter ri, Node n) {
        return ri.size(n.type().dim(0));
    }

    /** Visits each output element's window: its clipped in-image pixels and its divisor for average pooling. */
    private interface Window {
        void at(int outIndex, int planeBase, int h0, int h1, int w0, int w1, int divisor);
    }

    private static void forEachWindow(PoolGeometry g, int batch, Window window) {
        for (int p = 0; p < batch * g.channels(); p++) {
            for (int y = 0; y < g.outHeight(); y++) {
                int hs = y * g.strideH() - g.padH();
                int he = Math.min(hs + g.kernelH(), g.height() + g.padH());
                for (int x = 0; x < g.outWidth(); x++) {
                    int ws = x * g.strideW() - g.padW();
                    int we = Math.min(ws + g.kernelW(), g.width() + g.padW());
                    int h0 = Math.max(hs, 0);
                    int h1 = Math.min(he, g.height());
                    int w0 = Math.max(ws, 0);
                    int w1 = Math.min(we, g.width());
                    // PyTorch: with count_include_pad the window clipped to the padded image, else to the image.
                    int divisor = g.countIncludePad() ? (he - hs) * (we - ws) : (h1 - h0) * (w1 - w0);
                    window.at((p * g.outHeight() + y) * g.outWidth() + x, p * g.height() * g.width(), h0, h1, w0, w1,
                            divisor);
                }
            }
        }
    }

    static double[] pool(ReferenceInterpreter ri, Node n, PoolGeometry g, double[] x) {
        double[] out = new double[ri.numel(n.type())];
        forEachWindow(g, batch(ri, n), (o, base, h0, h1, w0, w1, divisor) -> {
            if (g.max()) {
                out[o] = x[argmax(g, x, base, h0, h1, w0, w1)];
            } else {
                double s = 0;
                for (int h = h0; h < h1; h++) {
                    for (int w = w0; w < w1; w++) {
                        s += x[base + h * g.width() + w];
                    }
                }
                out[o] = s / divisor;
            }
        });
        return out;
    }

    /** Inputs dy and the x of the forward pooling: max sends dy to each window's maximum, avg spreads it evenly. */
    static double[] poolGrad(ReferenceInterpreter ri, Node n, PoolGeometry g, double[] dy, double[] x) {
        double[] dx = new double[ri.numel(n.type())];
        forEachWindow(g, batch(ri, n), (o, base, h0, h1, w0, w1, divisor) -> {
            if (g.max()) {
                dx[argmax(g, x, base, h0, h1, w0, w1)] += dy[o];
            } else {
                for (int h = h0; h < h1; h++) {
                    for (int w = w0; w < w1; w++) {
                        dx[base + h * g.width() + w] += dy[o] / divisor;
                    }
                }
            }
        });
        return dx;
    }

    /** The smallest margin by which any window's maximum beats the runner-up: how far a max pooling is from a tie. */
    static double smallestLead(ReferenceInterpreter ri, Node pool, PoolGeometry g, double[] x) {
        double[] lead = {Double.POSITIVE_INFINITY};
        forEachWindow(g, ri.size(pool.type().dim(0)), (o, base, h0, h1, w0, w1, divisor) -> {
            int best = argmax(g, x, base, h0, h1, w0, w1);
            for (int h = h0; h < h1; h++) {
                for (int w = w0; w < w1; w++) {
                    int i = base + h * g.width() + w;
                    if (i != best) {
                        lead[0] = Math.min(lead[0], x[best] - x[i]);
                    }
                }
            }
        });
        return lead[0];
    }

    private static int argmax(PoolGeometry g, double[] x, int base, int h0, int h1, int w0, int w1) {
        int best = -1;
        for (int h = h0; h < h1; h++) {
            for (int w = w0; w < w1; w++) {
                int i = base + h * g.width() + w;
                if (best < 0 || x[i] > x[best]) {
                    best = i;
                }
            }
        }
        return best;
    }
}
