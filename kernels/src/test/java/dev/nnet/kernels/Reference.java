package dev.nnet.kernels;

/**
 * Straightforward reference kernels in double precision. Each returns the exact-ish value and, alongside it, the
 * sum of the absolute values of the terms, which scales the tolerance a float kernel is held to.
 */
final class Reference {
  private Reference() {}

  /** Values and term magnitudes of one result tensor. */
  record Result(double[] value, double[] magnitude) {}

  static Result gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
      float[] bias, int biasOff, boolean biasPerRow) {
    double[] value = new double[m * n];
    double[] magnitude = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        double mag = 0;
        for (int p = 0; p < k; p++) {
          double x = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
          double y = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
          sum += x * y;
          mag += Math.abs(x * y);
        }
        double v = alpha * sum;
        mag = Math.abs(alpha) * mag;
        if (beta != 0f) {
          double old = c[cOff + i * ldc + j];
          v += beta * old;
          mag += Math.abs(beta * old);
        }
        if (bias != null) {
          double bv = bias[biasOff + (biasPerRow ? i : j)];
          v += bv;
          mag += Math.abs(bv);
        }
        value[i * n + j] = v;
        magnitude[i * n + j] = mag;
      }
    }
    return new Result(value, magnitude);
  }

  static double activate(Activation act, double x) {
    switch (act) {
      case RELU:
        return Math.max(x, 0);
      case SIGMOID:
        return 1 / (1 + Math.exp(-x));
      case TANH:
        return Math.tanh(x);
      default:
        return x;
    }
  }

  /** Direct convolution: y[s][oc][oh][ow] = bias[oc] + sum over the group's channels and taps. */
  static Result convForward(Shape g, int n, float[] x, float[] w, float[] bias) {
    double[] value = new double[n * g.outC * g.outH() * g.outW()];
    double[] magnitude = new double[value.length];
    int cg = g.inC / g.groups;
    int ocg = g.outC / g.groups;
    for (int s = 0; s < n; s++) {
      for (int oc = 0; oc < g.outC; oc++) {
        int group = oc / ocg;
        for (int oh = 0; oh < g.outH(); oh++) {
          for (int ow = 0; ow < g.outW(); ow++) {
            double sum = bias == null ? 0 : bias[oc];
            double mag = Math.abs(sum);
            for (int ci = 0; ci < cg; ci++) {
              int c = group * cg + ci;
              for (int kh = 0; kh < g.kH; kh++) {
                for (int kw = 0; kw < g.kW; kw++) {
                  int ih = oh * g.sH - g.pH + kh * g.dH;
                  int iw = ow * g.sW - g.pW + kw * g.dW;
                  if (ih < 0 || ih >= g.h || iw < 0 || iw >= g.w) {
                    continue;
                  }
                  double t = (double) x[((s * g.inC + c) * g.h + ih) * g.w + iw]
                      * w[((oc * cg + ci) * g.kH + kh) * g.kW + kw];
                  sum += t;
                  mag += Math.abs(t);
                }
              }
            }
            int o = ((s * g.outC + oc) * g.outH() + oh) * g.outW() + ow;
            value[o] = sum;
            magnitude[o] = mag;
          }
        }
      }
    }
    return new Result(value, magnitude);
  }

  /** dx by scattering every output gradient back through the taps that produced it. */
  static Result convBackwardData(Shape g, int n, float[] dy, float[] w) {
    double[] value = new double[n * g.inC * g.h * g.w];
    double[] magnitude = new double[value.length];
    int cg = g.inC / g.groups;
    int ocg = g.outC / g.groups;
    for (int s = 0; s < n; s++) {
      for (int oc = 0; oc < g.outC; oc++) {
        int group = oc / ocg;
        for (int oh = 0; oh < g.outH(); oh++) {
          for (int ow = 0; ow < g.outW(); ow++) {
            double d = dy[((s * g.outC + oc) * g.outH() + oh) * g.outW() + ow];
            for (int ci = 0; ci < cg; ci++) {
              int c = group * cg + ci;
              for (int kh = 0; kh < g.kH; kh++) {
                for (int kw = 0; kw < g.kW; kw++) {
                  int ih = oh * g.sH - g.pH + kh * g.dH;
                  int iw = ow * g.sW - g.pW + kw * g.dW;
                  if (ih < 0 || ih >= g.h || iw < 0 || iw >= g.w) {
                    continue;
                  }
                  double t = d * w[((oc * cg + ci) * g.kH + kh) * g.kW + kw];
                  int i = ((s * g.inC + c) * g.h + ih) * g.w + iw;
                  value[i] += t;
                  magnitude[i] += Math.abs(t);
                }
              }
            }
          }
        }
      }
    }
    return new Result(value, magnitude);
  }

  /** dWeight (first outC*cg*kH*kW entries) followed by dBias (outC entries). */
  static Result convBackwardWeight(Shape g, int n, float[] x, float[] dy) {
    int cg = g.inC / g.groups;
    int ocg = g.outC / g.groups;
    int weights = g.outC * cg * g.kH * g.kW;
    double[] value = new double[weights + g.outC];
    double[] magnitude = new double[value.length];
    for (int s = 0; s < n; s++) {
      for (int oc = 0; oc < g.outC; oc++) {
        int group = oc / ocg;
        for (int oh = 0; oh < g.outH(); oh++) {
          for (int ow = 0; ow < g.outW(); ow++) {
            double d = dy[((s * g.outC + oc) * g.outH() + oh) * g.outW() + ow];
            value[weights + oc] += d;
            magnitude[weights + oc] += Math.abs(d);
            for (int ci = 0; ci < cg; ci++) {
              int c = group * cg + ci;
              for (int kh = 0; kh < g.kH; kh++) {
                for (int kw = 0; kw < g.kW; kw++) {
                  int ih = oh * g.sH - g.pH + kh * g.dH;
                  int iw = ow * g.sW - g.pW + kw * g.dW;
                  if (ih < 0 || ih >= g.h || iw < 0 || iw >= g.w) {
                    continue;
                  }
                  double t = d * x[((s * g.inC + c) * g.h + ih) * g.w + iw];
                  int i = ((oc * cg + ci) * g.kH + kh) * g.kW + kw;
                  value[i] += t;
                  magnitude[i] += Math.abs(t);
                }
              }
            }
          }
        }
      }
    }
    return new Result(value, magnitude);
  }

  /** A convolution's parameters, in the order of the {@link Conv2d} constructor. */
  record Shape(int inC, int h, int w, int outC, int kH, int kW, int sH, int sW, int pH, int pW, int dH, int dW,
      int groups) {
    int outH() {
      return (h + 2 * pH - dH * (kH - 1) - 1) / sH + 1;
    }

    int outW() {
      return (w + 2 * pW - dW * (kW - 1) - 1) / sW + 1;
    }

    Conv2d build(int maxBatch) {
      return build(maxBatch, false);
    }

    Conv2d build(int maxBatch, boolean keepColumns) {
      return new Conv2d(maxBatch, inC, h, w, outC, kH, kW, sH, sW, pH, pW, dH, dW, groups, keepColumns);
    }

    @Override
    public String toString() {
      return "conv(" + inC + "->" + outC + ", " + h + "x" + w + ", k" + kH + "x" + kW + ", s" + sH + "x" + sW
          + ", p" + pH + "x" + pW + ", d" + dH + "x" + dW + ", g" + groups + ")";
    }
  }
}
