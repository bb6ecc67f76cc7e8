package dev.nnet.runtime.init;

import dev.nnet.runtime.Rng;
import dev.nnet.runtime.Tensor;
import java.util.Arrays;

/**
 * Parameter initialization with PyTorch's distributions and bounds ({@code torch.nn.init} and the layers'
 * {@code reset_parameters}), drawn from the run's {@link Rng}. The random stream is not PyTorch's, so values differ
 * from PyTorch's draw for draw; the distributions do not. Values are drawn in row-major order, one draw per value.
 */
public final class Init {
    /** The {@code a} of PyTorch's default {@code kaiming_uniform_} for linear and convolution weights. */
    public static final double DEFAULT_KAIMING_A = Math.sqrt(5);

    private Init() {
    }

    /**
     * {@code torch.nn.init._calculate_fan_in_and_fan_out}'s fan in: {@code shape[1]} times the receptive field
     * (the product of {@code shape[2..]}); {@code in} for a linear {@code [out, in]}, {@code in·kh·kw} for a
     * convolution {@code [out, in, kh, kw]}.
     */
    public static int fanIn(int[] shape) {
        return Math.multiplyExact(requireMatrix(shape)[1], receptiveField(shape));
    }

    /** The fan out: {@code shape[0]} times the receptive field. */
    public static int fanOut(int[] shape) {
        return Math.multiplyExact(requireMatrix(shape)[0], receptiveField(shape));
    }

    /**
     * {@code kaiming_uniform_(w, a, mode='fan_in', nonlinearity='leaky_relu')}: uniform in {@code ±bound} with
     * {@code bound = gain·sqrt(3 / fan_in)} and {@code gain = sqrt(2 / (1 + a²))}. With {@code a = sqrt(5)} (PyTorch's
     * linear and convolution default) the bound is {@code 1 / sqrt(fan_in)}.
     */
    public static void kaimingUniform(float[] w, int[] shape, double a, Rng rng) {
        requireSize(w, shape);
        if (w.length == 0) {
            return;
        }
        double gain = Math.sqrt(2.0 / (1 + a * a));
        double bound = Math.sqrt(3.0) * (gain / Math.sqrt(fanIn(shape)));
        uniform(w, -bound, bound, rng);
    }

    /** {@code kaiming_normal_(w, a, mode='fan_in', nonlinearity='leaky_relu')}: normal with {@code std = gain / sqrt(fan_in)}. */
    public static void kaimingNormal(float[] w, int[] shape, double a, Rng rng) {
        requireSize(w, shape);
        if (w.length == 0) {
            return;
        }
        double gain = Math.sqrt(2.0 / (1 + a * a));
        normal(w, 0, gain / Math.sqrt(fanIn(shape)), rng);
    }

    /** {@code xavier_uniform_(w, gain)}: uniform in {@code ±gain·sqrt(6 / (fan_in + fan_out))}. */
    public static void xavierUniform(float[] w, int[] shape, double gain, Rng rng) {
        requireSize(w, shape);
        if (w.length == 0) {
            return;
        }
        double std = gain * Math.sqrt(2.0 / ((double) fanIn(shape) + fanOut(shape)));
        double bound = Math.sqrt(3.0) * std;
        uniform(w, -bound, bound, rng);
    }

    /** {@code xavier_normal_(w, gain)}: normal with {@code std = gain·sqrt(2 / (fan_in + fan_out))}. */
    public static void xavierNormal(float[] w, int[] shape, double gain, Rng rng) {
        requireSize(w, shape);
        if (w.length == 0) {
            return;
        }
        normal(w, 0, gain * Math.sqrt(2.0 / ((double) fanIn(shape) + fanOut(shape))), rng);
    }

    /**
     * {@code uniform_(w, lo, hi)}, computed as PyTorch's CPU kernel does: the bounds and their difference in
     * float32, 24 random bits {@code u}, {@code u·(hi - lo) + lo} in double, rounded to float32.
     */
    public static void uniform(float[] w, double lo, double hi, Rng rng) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("uniform initialization needs lo <= hi, got [" + lo + ", " + hi + ")");
        }
        float from = (float) lo;
        float to = (float) hi;
        float range = to - from;
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (rng.nextFloat() * (double) range + from);
        }
    }

    /** {@code normal_(w, mean, std)}. */
    public static void normal(float[] w, double mean, double std, Rng rng) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("normal initialization needs std >= 0, got " + std);
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (mean + std * rng.nextGaussian());
        }
    }

    /** {@code constant_(w, value)} ({@code fill_}). */
    public static void constant(float[] w, float value) {
        Arrays.fill(w, value);
    }

    /** {@code zeros_(w)}. */
    public static void zeros(float[] w) {
        Arrays.fill(w, 0f);
    }

    /** {@code ones_(w)}. */
    public static void ones(float[] w) {
        Arrays.fill(w, 1f);
    }

    /** The default weight of {@code nn.Linear} and {@code nn.Conv*d}: {@code kaiming_uniform_(w, a=sqrt(5))}. */
    public static void defaultWeight(float[] w, int[] shape, Rng rng) {
        kaimingUniform(w, shape, DEFAULT_KAIMING_A, rng);
    }

    /**
     * The default bias of {@code nn.Linear} and {@code nn.Conv*d}: uniform in {@code ±1/sqrt(fanIn)} where
     * {@code fanIn} is the weight's {@link #fanIn}; all zeros when {@code fanIn} is 0, as PyTorch's bound is then 0.
     */
    public static void defaultBias(float[] b, int fanIn, Rng rng) {
        if (fanIn < 0) {
            throw new IllegalArgumentException("bias initialization needs fan_in >= 0, got " + fanIn);
        }
        double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
        uniform(b, -bound, bound, rng);
    }

    /**
     * The default of every weight and bias of {@code nn.RNN}, {@code nn.GRU}, {@code nn.LSTM} and their cells:
     * uniform in {@code ±1/sqrt(hiddenSize)}.
     */
    public static void recurrentDefault(float[] w, int hiddenSize, Rng rng) {
        if (hiddenSize <= 0) {
            throw new IllegalArgumentException("recurrent initialization needs hidden_size > 0, got " + hiddenSize);
        }
        double bound = 1 / Math.sqrt(hiddenSize);
        uniform(w, -bound, bound, rng);
    }

    /** The default of {@code nn.Embedding}'s weight: standard normal. */
    public static void embeddingDefault(float[] w, Rng rng) {
        normal(w, 0, 1, rng);
    }

    private static int[] requireMatrix(int[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("fan in and fan out need a tensor of at least 2 dimensions, got shape "
                    + Arrays.toString(shape));
        }
        return shape;
    }

    private static int receptiveField(int[] shape) {
        int field = 1;
        for (int d = 2; d < shape.length; d++) {
            field = Math.multiplyExact(field, shape[d]);
        }
        return field;
    }

    private static void requireSize(float[] w, int[] shape) {
        if (w.length != Tensor.size(shape)) {
            throw new IllegalArgumentException(w.length + " values to initialize for shape " + Arrays.toString(shape)
                    + ", which holds " + Tensor.size(shape));
        }
    }
}
