package dev.nnet.codegen.ptx.sim;

/** Conversions between register bits and Java values, and the PTX flush-to-zero and saturate rules. */
final class Bits {
    private Bits() {
    }

    static float f32(long bits) {
        return Float.intBitsToFloat((int) bits);
    }

    static long of(float value) {
        return Float.floatToRawIntBits(value) & 0xffffffffL;
    }

    static double f64(long bits) {
        return Double.longBitsToDouble(bits);
    }

    static long of(double value) {
        return Double.doubleToRawLongBits(value);
    }

    /** .ftz: a subnormal becomes a zero of the same sign. */
    static float flush(float value) {
        return Math.abs(value) < Float.MIN_NORMAL ? Math.copySign(0f, value) : value;
    }

    /** .sat on floats: clamp to [0, 1], NaN to 0. */
    static float saturate(float value) {
        return value > 0f ? Math.min(value, 1f) : 0f;
    }

    static double saturate(double value) {
        return value > 0 ? Math.min(value, 1) : 0;
    }

    /** PTX min/max return the other operand when one is NaN (as C's fminf). */
    static float min(float a, float b) {
        return Float.isNaN(a) ? b : Float.isNaN(b) ? a : Math.min(a, b);
    }

    static float max(float a, float b) {
        return Float.isNaN(a) ? b : Float.isNaN(b) ? a : Math.max(a, b);
    }

    static double min(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
    }

    static double max(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }
}
