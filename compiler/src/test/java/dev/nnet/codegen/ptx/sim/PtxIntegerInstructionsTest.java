package dev.nnet.codegen.ptx.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Integer and bit instructions, each result checked against the Java expression with the PTX ISA's meaning. */
class PtxIntegerInstructionsTest {
    @Test
    void multiplyHalvesAndWideningMultiplyAdd() {
        int[] out = Probe.run("mul", """
                mov.u32 %r1, -3;
                mov.u32 %r2, 0x40000001;
                mul.lo.s32 %r3, %r1, %r2;
                st.global.u32 [%out], %r3;
                mul.hi.s32 %r4, %r1, %r2;
                st.global.u32 [%out+4], %r4;
                mul.hi.u32 %r5, %r1, %r2;
                st.global.u32 [%out+8], %r5;
                mul.wide.s32 %rd1, %r1, %r2;
                st.global.u64 [%out+16], %rd1;
                mul.wide.u32 %rd2, %r1, %r2;
                st.global.u64 [%out+24], %rd2;
                mad.wide.s32 %rd3, %r1, 7, %rd1;
                st.global.u64 [%out+32], %rd3;
                mad.lo.s32 %r6, %r1, %r2, 100;
                st.global.u32 [%out+40], %r6;
                mad.hi.u32 %r7, %r1, %r2, 1;
                st.global.u32 [%out+44], %r7;
                """, 12);
        int a = -3;
        int b = 0x40000001;
        long wide = (long) a * b;
        long unsignedWide = Integer.toUnsignedLong(a) * Integer.toUnsignedLong(b);
        long madWide = (long) a * 7 + wide;
        assertArrayEquals(new int[] {a * b, (int) (wide >> 32), (int) (unsignedWide >>> 32), 0,
            (int) wide, (int) (wide >> 32), (int) unsignedWide, (int) (unsignedWide >>> 32),
            (int) madWide, (int) (madWide >> 32), a * b + 100, (int) (unsignedWide >>> 32) + 1}, out);
    }

    @Test
    void divisionRemainderMinMaxFollowSignedness() {
        int[] out = Probe.run("div", """
                mov.u32 %r1, -7;
                mov.u32 %r2, 2;
                div.s32 %r3, %r1, %r2;
                st.global.u32 [%out], %r3;
                rem.s32 %r3, %r1, %r2;
                st.global.u32 [%out+4], %r3;
                div.u32 %r3, %r1, %r2;
                st.global.u32 [%out+8], %r3;
                rem.u32 %r3, %r1, %r2;
                st.global.u32 [%out+12], %r3;
                min.s32 %r3, %r1, %r2;
                st.global.u32 [%out+16], %r3;
                min.u32 %r3, %r1, %r2;
                st.global.u32 [%out+20], %r3;
                max.u32 %r3, %r1, %r2;
                st.global.u32 [%out+24], %r3;
                abs.s32 %r3, %r1;
                st.global.u32 [%out+28], %r3;
                neg.s32 %r3, %r1;
                st.global.u32 [%out+32], %r3;
                mov.u32 %r4, 0x7fffffff;
                add.sat.s32 %r3, %r4, %r2;
                st.global.u32 [%out+36], %r3;
                add.s32 %r3, %r4, %r2;
                st.global.u32 [%out+40], %r3;
                sub.sat.s32 %r3, %r1, %r4;
                st.global.u32 [%out+44], %r3;
                """, 12);
        assertArrayEquals(new int[] {-7 / 2, -7 % 2, Integer.divideUnsigned(-7, 2), Integer.remainderUnsigned(-7, 2),
            -7, 2, -7, 7, 7, Integer.MAX_VALUE, Integer.MAX_VALUE + 2, Integer.MIN_VALUE}, out);
    }

    @Test
    void shiftsClampTheirAmountAndBitCountsWork() {
        int[] out = Probe.run("shift", """
                mov.u32 %r1, -8;
                shr.s32 %r2, %r1, 1;
                st.global.u32 [%out], %r2;
                shr.u32 %r2, %r1, 1;
                st.global.u32 [%out+4], %r2;
                shr.s32 %r2, %r1, 40;
                st.global.u32 [%out+8], %r2;
                shl.b32 %r2, %r1, 33;
                st.global.u32 [%out+12], %r2;
                shl.b32 %r2, %r1, 3;
                st.global.u32 [%out+16], %r2;
                popc.b32 %r2, %r1;
                st.global.u32 [%out+20], %r2;
                mov.u32 %r3, 0x00f00000;
                clz.b32 %r2, %r3;
                st.global.u32 [%out+24], %r2;
                brev.b32 %r2, %r3;
                st.global.u32 [%out+28], %r2;
                and.b32 %r2, %r1, %r3;
                st.global.u32 [%out+32], %r2;
                or.b32 %r2, %r1, 5;
                st.global.u32 [%out+36], %r2;
                xor.b32 %r2, %r1, %r3;
                st.global.u32 [%out+40], %r2;
                not.b32 %r2, %r3;
                st.global.u32 [%out+44], %r2;
                mov.u64 %rd1, -16;
                shr.s64 %rd2, %rd1, 2;
                st.global.u64 [%out+48], %rd2;
                """, 14);
        int m = 0x00f00000;
        assertArrayEquals(new int[] {-8 >> 1, -8 >>> 1, -1, 0, -8 << 3, Integer.bitCount(-8),
            Integer.numberOfLeadingZeros(m), Integer.reverse(m), -8 & m, -8 | 5, -8 ^ m, ~m, -4, -1}, out);
    }

    @Test
    void predicateLogicAndSelects() {
        int[] out = Probe.run("pred", """
                mov.u32 %r1, 5;
                setp.gt.s32 %p1, %r1, 3;
                setp.lt.s32 %p2, %r1, 3;
                and.pred %p3, %p1, %p2;
                or.pred %p4, %p1, %p2;
                xor.pred %p5, %p1, %p2;
                not.pred %p6, %p1;
                selp.u32 %r2, 1, 0, %p3;
                st.global.u32 [%out], %r2;
                selp.u32 %r2, 1, 0, %p4;
                st.global.u32 [%out+4], %r2;
                selp.u32 %r2, 1, 0, %p5;
                st.global.u32 [%out+8], %r2;
                selp.u32 %r2, 1, 0, %p6;
                st.global.u32 [%out+12], %r2;
                mov.u32 %r3, -1;
                setp.lo.u32 %p7, %r1, %r3;
                selp.u32 %r2, 1, 0, %p7;
                st.global.u32 [%out+16], %r2;
                setp.lt.s32 %p8|%p9, %r1, %r3;
                selp.u32 %r2, 10, 20, %p8;
                st.global.u32 [%out+20], %r2;
                selp.u32 %r2, 10, 20, %p9;
                st.global.u32 [%out+24], %r2;
                slct.u32.s32 %r2, 7, 9, %r3;
                st.global.u32 [%out+28], %r2;
                @%p1 mov.u32 %r4, 111;
                @!%p1 mov.u32 %r4, 222;
                st.global.u32 [%out+32], %r4;
                """, 9);
        assertArrayEquals(new int[] {0, 1, 1, 0, 1, 20, 10, 9, 111}, out);
    }
}
