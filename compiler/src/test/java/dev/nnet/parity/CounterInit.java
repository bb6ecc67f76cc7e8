package dev.nnet.parity;

/**
 * The counter-based initialization of the parity fixtures ({@code tools/parity/counter_init.py}), reproduced bit
 * for bit: element {@code i} of the {@code t}-th tensor is {@code float((2u - 1) * bound)} with
 * {@code u = (z >>> 40) * 2^-24}, where {@code z} is output number {@code c + 1} of splitmix64 seeded with
 * {@code seed}, {@code c = (t << 32) + i}: the mix of {@code seed + (c + 1) * 0x9E3779B97F4A7C15}. It is uniform
 * in {@code [-bound, bound)} like PyTorch's default initialization, but needs no stored file.
 */
final class CounterInit {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private CounterInit() {
    }

    static float[] uniform(long seed, int tensorIndex, int count, double bound) {
        float[] w = new float[count];
        for (int i = 0; i < count; i++) {
            long counter = ((long) tensorIndex << 32) + i;
            double u = (mix(seed + (counter + 1) * GOLDEN) >>> 40) * 0x1.0p-24;
            w[i] = (float) ((2.0 * u - 1.0) * bound);
        }
        return w;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
