package dev.nnet.codegen.ptx.sim;

import static dev.nnet.codegen.ptx.sim.Probe.f32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Floating-point arithmetic, comparisons and conversions against Java's IEEE float and the PTX ISA's rules. */
class PtxFloatInstructionsTest {
    private static final float A = 1.1f;
    private static final float B = 3.3f;
    private static final float C = -0.7f;

    @Test
    void arithmeticIsIeeeFloatAndFmaRoundsOnce() {
        float[] out = Probe.floats("arith", """
                mov.f32 %f1, $A;
                mov.f32 %f2, $B;
                mov.f32 %f3, $C;
                add.f32 %f4, %f1, %f2;
                st.global.f32 [%out], %f4;
                sub.rn.f32 %f4, %f1, %f2;
                st.global.f32 [%out+4], %f4;
                mul.f32 %f4, %f1, %f2;
                st.global.f32 [%out+8], %f4;
                div.rn.f32 %f4, %f1, %f2;
                st.global.f32 [%out+12], %f4;
                fma.rn.f32 %f4, %f1, %f2, %f3;
                st.global.f32 [%out+16], %f4;
                mad.rn.f32 %f4, %f1, %f2, %f3;
                st.global.f32 [%out+20], %f4;
                sqrt.rn.f32 %f4, %f2;
                st.global.f32 [%out+24], %f4;
                rcp.rn.f32 %f4, %f2;
                st.global.f32 [%out+28], %f4;
                neg.f32 %f4, %f1;
                st.global.f32 [%out+32], %f4;
                abs.f32 %f4, %f3;
                st.global.f32 [%out+36], %f4;
                copysign.f32 %f4, %f3, %f2;
                st.global.f32 [%out+40], %f4;
                add.sat.f32 %f4, %f1, %f2;
                st.global.f32 [%out+44], %f4;
                div.full.f32 %f4, %f1, %f2;
                st.global.f32 [%out+48], %f4;
                """.replace("$A", f32(A)).replace("$B", f32(B)).replace("$C", f32(C)), 13);
        assertArrayEquals(new float[] {A + B, A - B, A * B, A / B, Math.fma(A, B, C), Math.fma(A, B, C),
            (float) Math.sqrt(B), 1f / B, -A, -C, -B, 1f, A / B}, out);
    }

    @Test
    void minMaxPreferNumbersUnlessAskedToPropagateNaN() {
        float[] out = Probe.floats("minmax", """
                mov.f32 %f1, 0f7FC00000;
                mov.f32 %f2, 0f3F800000;
                min.f32 %f3, %f1, %f2;
                st.global.f32 [%out], %f3;
                max.f32 %f3, %f2, %f1;
                st.global.f32 [%out+4], %f3;
                max.NaN.f32 %f3, %f2, %f1;
                st.global.f32 [%out+8], %f3;
                min.f32 %f3, %f2, 0fBF800000;
                st.global.f32 [%out+12], %f3;
                """, 4);
        assertEquals(1f, out[0]);
        assertEquals(1f, out[1]);
        assertEquals(Float.NaN, out[2]);
        assertEquals(-1f, out[3]);
    }

    @Test
    void flushToZeroAndApproximateFunctions() {
        float subnormal = Float.MIN_NORMAL / 4;
        float[] out = Probe.floats("approx", """
                mov.f32 %f1, $SUB;
                mul.ftz.f32 %f2, %f1, 0f3F800000;
                st.global.f32 [%out], %f2;
                mul.f32 %f2, %f1, 0f3F800000;
                st.global.f32 [%out+4], %f2;
                ex2.approx.ftz.f32 %f2, 0f40400000;
                st.global.f32 [%out+8], %f2;
                lg2.approx.f32 %f2, 0f41000000;
                st.global.f32 [%out+12], %f2;
                tanh.approx.f32 %f2, 0f3F000000;
                st.global.f32 [%out+16], %f2;
                sin.approx.f32 %f2, 0f3F000000;
                st.global.f32 [%out+20], %f2;
                cos.approx.f32 %f2, 0f3F000000;
                st.global.f32 [%out+24], %f2;
                rsqrt.approx.f32 %f2, 0f40800000;
                st.global.f32 [%out+28], %f2;
                rcp.approx.f32 %f2, 0f40800000;
                st.global.f32 [%out+32], %f2;
                """.replace("$SUB", f32(subnormal)), 9);
        assertArrayEquals(new float[] {0f, subnormal, 8f, 3f, (float) Math.tanh(0.5), (float) Math.sin(0.5),
            (float) Math.cos(0.5), 0.5f, 0.25f}, out);
    }

    @Test
    void orderedAndUnorderedComparisons() {
        int[] out = Probe.run("setp", """
                mov.f32 %f1, 0f7FC00000;
                mov.f32 %f2, 0f3F800000;
                setp.lt.f32 %p1, %f1, %f2;
                setp.ltu.f32 %p2, %f1, %f2;
                setp.equ.f32 %p3, %f1, %f2;
                setp.neu.f32 %p4, %f1, %f2;
                setp.ne.f32 %p5, %f1, %f2;
                setp.num.f32 %p6, %f1, %f2;
                setp.nan.f32 %p7, %f1, %f2;
                setp.ge.f32 %p8, %f2, %f2;
                setp.gtu.f32 %p9, %f2, %f2;
                setp.lt.or.f32 %p10, %f2, %f2, !%p8;
                setp.lt.or.f32 %p11, %f2, %f2, %p8;
                selp.u32 %r1, 1, 0, %p1;
                st.global.u32 [%out], %r1;
                selp.u32 %r1, 1, 0, %p2;
                st.global.u32 [%out+4], %r1;
                selp.u32 %r1, 1, 0, %p3;
                st.global.u32 [%out+8], %r1;
                selp.u32 %r1, 1, 0, %p4;
                st.global.u32 [%out+12], %r1;
                selp.u32 %r1, 1, 0, %p5;
                st.global.u32 [%out+16], %r1;
                selp.u32 %r1, 1, 0, %p6;
                st.global.u32 [%out+20], %r1;
                selp.u32 %r1, 1, 0, %p7;
                st.global.u32 [%out+24], %r1;
                selp.u32 %r1, 1, 0, %p8;
                st.global.u32 [%out+28], %r1;
                selp.u32 %r1, 1, 0, %p9;
                st.global.u32 [%out+32], %r1;
                selp.u32 %r1, 1, 0, %p10;
                st.global.u32 [%out+36], %r1;
                selp.u32 %r1, 1, 0, %p11;
                st.global.u32 [%out+40], %r1;
                """, 11);
        assertArrayEquals(new int[] {0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1}, out);
    }

    @Test
    void conversionsRoundAndSaturateAsPtxSays() {
        int[] out = Probe.run("cvt", """
                cvt.rni.s32.f32 %r1, 0f40200000;
                st.global.u32 [%out], %r1;
                cvt.rni.s32.f32 %r1, 0fC0200000;
                st.global.u32 [%out+4], %r1;
                cvt.rzi.s32.f32 %r1, 0fC02CCCCD;
                st.global.u32 [%out+8], %r1;
                cvt.rmi.s32.f32 %r1, 0fC00CCCCD;
                st.global.u32 [%out+12], %r1;
                cvt.rpi.s32.f32 %r1, 0f400CCCCD;
                st.global.u32 [%out+16], %r1;
                cvt.rzi.u32.f32 %r1, 0fC0A00000;
                st.global.u32 [%out+20], %r1;
                cvt.rzi.s32.f32 %r1, 0f501502F9;
                st.global.u32 [%out+24], %r1;
                cvt.rzi.s32.f32 %r1, 0f7FC00000;
                st.global.u32 [%out+28], %r1;
                mov.u32 %r2, 300;
                cvt.u8.u32 %rs1, %r2;
                cvt.u32.u16 %r1, %rs1;
                st.global.u32 [%out+32], %r1;
                cvt.sat.u8.s32 %rs1, %r2;
                cvt.u32.u16 %r1, %rs1;
                st.global.u32 [%out+36], %r1;
                mov.u32 %r3, -5;
                cvt.sat.u8.s32 %rs1, %r3;
                cvt.u32.u16 %r1, %rs1;
                st.global.u32 [%out+40], %r1;
                mov.u32 %r4, 16777219;
                cvt.rn.f32.s32 %f1, %r4;
                st.global.f32 [%out+44], %f1;
                cvt.rz.f32.s32 %f1, %r4;
                st.global.f32 [%out+48], %f1;
                neg.s32 %r4, %r4;
                cvt.rm.f32.s32 %f1, %r4;
                st.global.f32 [%out+52], %f1;
                cvt.rni.f32.f32 %f1, 0f40200000;
                st.global.f32 [%out+56], %f1;
                cvt.sat.f32.f32 %f1, 0f3FC00000;
                st.global.f32 [%out+60], %f1;
                cvt.f64.f32 %fd1, 0f3F8CCCCD;
                add.f64 %fd1, %fd1, 0d3FF0000000000000;
                cvt.rn.f32.f64 %f1, %fd1;
                st.global.f32 [%out+64], %f1;
                cvt.rn.f32.u32 %f1, %r3;
                st.global.f32 [%out+68], %f1;
                cvt.s32.s8 %r5, %r2;
                st.global.u32 [%out+72], %r5;
                cvt.s64.s32 %rd1, %r3;
                st.global.u64 [%out+80], %rd1;
                """, 22);
        assertArrayEquals(new int[] {2, -2, -2, -3, 3, 0, Integer.MAX_VALUE, 0, 300 & 0xff, 255, 0,
            Float.floatToIntBits(16777220f), Float.floatToIntBits(16777218f), Float.floatToIntBits(-16777220f),
            Float.floatToIntBits(2f), Float.floatToIntBits(1f), Float.floatToIntBits((float) (1.1f + 1.0)),
            Float.floatToIntBits((float) Integer.toUnsignedLong(-5)), (byte) 300, 0, -5, -1}, out);
    }

    @Test
    void doublePrecisionArithmetic() {
        double x = 0.1;
        double y = 3.7;
        int[] out = Probe.run("f64", """
                mov.f64 %fd1, $X;
                mov.f64 %fd2, $Y;
                add.rn.f64 %fd3, %fd1, %fd2;
                st.global.f64 [%out], %fd3;
                div.rn.f64 %fd3, %fd1, %fd2;
                st.global.f64 [%out+8], %fd3;
                fma.rn.f64 %fd3, %fd1, %fd2, %fd1;
                st.global.f64 [%out+16], %fd3;
                sqrt.rn.f64 %fd3, %fd2;
                st.global.f64 [%out+24], %fd3;
                max.f64 %fd3, %fd1, %fd2;
                st.global.f64 [%out+32], %fd3;
                neg.f64 %fd3, %fd1;
                st.global.f64 [%out+40], %fd3;
                rcp.rn.f64 %fd3, %fd2;
                st.global.f64 [%out+48], %fd3;
                setp.gt.f64 %p1, %fd1, %fd2;
                selp.f64 %fd3, %fd1, %fd2, %p1;
                st.global.f64 [%out+56], %fd3;
                cvt.rzi.s64.f64 %rd1, %fd2;
                st.global.u64 [%out+64], %rd1;
                """.replace("$X", String.format("0d%016X", Double.doubleToLongBits(x)))
                .replace("$Y", String.format("0d%016X", Double.doubleToLongBits(y))), 18);
        double[] expected = {x + y, x / y, Math.fma(x, y, x), Math.sqrt(y), y, -x, 1 / y, y};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], Double.longBitsToDouble(word64(out, i)), "result " + i);
        }
        assertEquals((long) y, word64(out, 8), "cvt.rzi.s64.f64");
    }

    private static long word64(int[] words, int index) {
        return Integer.toUnsignedLong(words[2 * index]) | (long) words[2 * index + 1] << 32;
    }
}
