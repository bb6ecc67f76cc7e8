package dev.nnet.codegen.ptx.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Vector and sub-word loads and stores, local and dynamic shared memory, generic addresses and atomics. */
class PtxMemoryInstructionsTest {
    private static SimModule load(String name, String ptx) {
        Ptxas.assertAssembles(name, ptx);
        return PtxSim.load(ptx);
    }

    @Test
    void vectorLoadsAndStoresMoveFourAndTwoElements() {
        SimBuffer in = SimBuffer.of(1f, 2f, 3f, 4f, 5f, 6f);
        SimBuffer out = SimBuffer.zeros(8);
        load("vectors", """
                .version 8.0
                .target sm_80
                .address_size 64
                .visible .entry copy(.param .u64 in, .param .u64 out)
                {
                    .reg .f32 %f<7>;
                    .reg .b64 %rd<3>;
                    ld.param.u64 %rd1, [in];
                    ld.param.u64 %rd2, [out];
                    ld.global.nc.v4.f32 {%f1, %f2, %f3, %f4}, [%rd1];
                    ld.global.v2.f32 {%f5, %f6}, [%rd1+16];
                    st.global.v4.f32 [%rd2+16], {%f4, %f3, %f2, %f1};
                    st.global.v2.f32 [%rd2], {%f6, %f5};
                    ret;
                }
                """).launch("copy", Dim3.of(1), Dim3.of(1), in, out);
        assertArrayEquals(new float[] {6f, 5f, 0f, 0f, 4f, 3f, 2f, 1f}, out.floats());
    }

    @Test
    void subWordLoadsExtendAndPackedMovesSplitWords() {
        int[] out = Probe.run("subword", """
                mov.u32 %r1, 0x80ff7f01;
                st.global.u32 [%out], %r1;
                ld.global.s8 %r2, [%out+1];
                ld.global.u8 %r3, [%out+1];
                ld.global.s16 %r4, [%out+2];
                ld.global.u16 %rs1, [%out+2];
                cvt.u32.u16 %r5, %rs1;
                st.global.u32 [%out+4], %r2;
                st.global.u32 [%out+8], %r3;
                st.global.u32 [%out+12], %r4;
                st.global.u32 [%out+16], %r5;
                mov.b64 %rd1, {%r2, %r3};
                st.global.u64 [%out+24], %rd1;
                mov.b64 {%r6, %r7}, %rd1;
                st.global.u32 [%out+32], %r7;
                st.global.u8 [%out+36], %r1;
                """, 10);
        assertArrayEquals(new int[] {0x80ff7f01, 0x7f, 0x7f, (short) 0x80ff, 0x80ff, 0, 0x7f, 0x7f, 0x7f, 1}, out);
    }

    @Test
    void localMemoryAndDynamicSharedMemoryThroughGenericAddresses() {
        SimBuffer out = SimBuffer.zeros(64);
        load("generic", """
                .version 8.0
                .target sm_80
                .address_size 64
                .extern .shared .align 16 .b8 dynamic_smem[];
                .visible .entry reverse(.param .u64 out)
                {
                    .reg .b32 %r<8>;
                    .reg .f32 %f<3>;
                    .reg .b64 %rd<8>;
                    .local .align 4 .b8 depot[8];
                    mov.u32 %r1, %tid.x;
                    mov.u32 %r2, %ntid.x;
                    cvt.rn.f32.u32 %f1, %r1;
                    mov.u64 %rd1, depot;
                    cvta.local.u64 %rd2, %rd1;
                    st.f32 [%rd2+4], %f1;
                    mov.u64 %rd3, dynamic_smem;
                    cvta.shared.u64 %rd4, %rd3;
                    mul.wide.u32 %rd5, %r1, 4;
                    add.s64 %rd6, %rd4, %rd5;
                    ld.local.f32 %f2, [depot+4];
                    st.f32 [%rd6], %f2;
                    bar.sync 0;
                    sub.s32 %r3, %r2, %r1;
                    sub.s32 %r3, %r3, 1;
                    mul.wide.u32 %rd5, %r3, 4;
                    add.s64 %rd6, %rd4, %rd5;
                    ld.f32 %f2, [%rd6];
                    ld.param.u64 %rd7, [out];
                    cvta.to.global.u64 %rd7, %rd7;
                    mul.wide.u32 %rd5, %r1, 4;
                    add.s64 %rd7, %rd7, %rd5;
                    st.global.f32 [%rd7], %f2;
                    ret;
                }
                """).launchWithDynamicShared("reverse", Dim3.of(1), Dim3.of(64), 64 * 4, out);
        float[] expected = new float[64];
        for (int i = 0; i < 64; i++) {
            expected[i] = 63 - i;
        }
        assertArrayEquals(expected, out.floats());
    }

    @Test
    void atomicsReturnTheOldValue() {
        int[] out = Probe.run("atomics", """
                mov.u32 %r1, 5;
                st.global.u32 [%out], %r1;
                atom.global.add.u32 %r2, [%out], 3;
                atom.global.cas.b32 %r3, [%out], 8, 20;
                atom.global.cas.b32 %r4, [%out], 8, 30;
                atom.global.exch.b32 %r5, [%out], 2;
                atom.global.inc.u32 %r6, [%out], 2;
                atom.global.inc.u32 %r7, [%out], 2;
                atom.global.max.s32 %r8, [%out], -4;
                atom.global.min.s32 %r9, [%out], -4;
                st.global.u32 [%out+4], %r2;
                st.global.u32 [%out+8], %r3;
                st.global.u32 [%out+12], %r4;
                st.global.u32 [%out+16], %r5;
                st.global.u32 [%out+20], %r6;
                st.global.u32 [%out+24], %r7;
                st.global.u32 [%out+28], %r8;
                st.global.u32 [%out+32], %r9;
                """, 9);
        // 5 +3 -> 8; cas(8 -> 20) -> 20; cas fails; exch -> 2; inc(2, wrap at 2) -> 0; inc -> 1; max -> 1; min -> -4
        assertArrayEquals(new int[] {-4, 5, 8, 20, 20, 2, 0, 1, 1}, out);
    }

    @Test
    void sharedAtomicAddFromEveryThreadOfABlock() {
        SimBuffer out = SimBuffer.zeros(3);
        load("shared-atomics", """
                .version 8.0
                .target sm_80
                .address_size 64
                .visible .entry count(.param .u64 out)
                {
                    .reg .pred %p<2>;
                    .reg .b32 %r<4>;
                    .reg .f32 %f<3>;
                    .reg .b64 %rd<4>;
                    .shared .align 4 .f32 sum;
                    mov.u32 %r1, %tid.x;
                    setp.ne.s32 %p1, %r1, 0;
                    @!%p1 st.shared.f32 [sum], 0f00000000;
                    bar.sync 0;
                    cvt.rn.f32.u32 %f1, %r1;
                    atom.shared.add.f32 %f2, [sum], %f1;
                    bar.sync 0;
                    @%p1 bra DONE;
                    ld.shared.f32 %f2, [sum];
                    ld.param.u64 %rd1, [out];
                    cvta.to.global.u64 %rd1, %rd1;
                    mov.u32 %r2, %ctaid.x;
                    mul.wide.u32 %rd2, %r2, 4;
                    add.s64 %rd3, %rd1, %rd2;
                    st.global.f32 [%rd3], %f2;
                DONE:
                    ret;
                }
                """).launch("count", Dim3.of(3), Dim3.of(100), out);
        assertArrayEquals(new float[] {4950f, 4950f, 4950f}, out.floats());
    }

    @Test
    void blockAndGridCoordinatesInThreeDimensions() {
        SimBuffer out = SimBuffer.zeros(2 * 3 * 2 * 4 * 2 * 1);
        load("coordinates", """
                .version 8.0
                .target sm_80
                .address_size 64
                .visible .entry coords(.param .u64 out)
                {
                    .reg .b32 %r<20>;
                    .reg .b64 %rd<4>;
                    mov.u32 %r1, %tid.x;
                    mov.u32 %r2, %tid.y;
                    mov.u32 %r3, %tid.z;
                    mov.u32 %r4, %ntid.x;
                    mov.u32 %r5, %ntid.y;
                    mov.u32 %r6, %ctaid.x;
                    mov.u32 %r7, %ctaid.y;
                    mov.u32 %r8, %ctaid.z;
                    mov.u32 %r9, %nctaid.x;
                    mov.u32 %r10, %nctaid.y;
                    mov.u32 %r11, %ntid.z;
                    // block = ctaid.x + nctaid.x * (ctaid.y + nctaid.y * ctaid.z); thread likewise
                    mad.lo.s32 %r12, %r10, %r8, %r7;
                    mad.lo.s32 %r12, %r9, %r12, %r6;
                    mad.lo.s32 %r13, %r5, %r3, %r2;
                    mad.lo.s32 %r13, %r4, %r13, %r1;
                    mul.lo.s32 %r14, %r4, %r5;
                    mul.lo.s32 %r14, %r14, %r11;
                    mad.lo.s32 %r15, %r12, %r14, %r13;
                    // out[global] = global * 10 + laneid % 10
                    mov.u32 %r16, %laneid;
                    rem.u32 %r16, %r16, 10;
                    mad.lo.s32 %r17, %r15, 10, %r16;
                    ld.param.u64 %rd1, [out];
                    mul.wide.u32 %rd2, %r15, 4;
                    add.s64 %rd3, %rd1, %rd2;
                    st.global.u32 [%rd3], %r17;
                    ret;
                }
                """).launch("coords", Dim3.of(2, 3, 2), Dim3.of(4, 2, 1), out);
        int[] result = out.ints();
        for (int i = 0; i < result.length; i++) {
            assertEquals(i * 10 + (i % 8) % 10, result[i], "thread " + i);
        }
    }

    @Test
    void slicesArePointersIntoOneAllocation() {
        SimBuffer arena = SimBuffer.of(new float[] {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f});
        load("vector_add.ptx", Ptxas.resource("vector_add.ptx")).launch("vector_add", Dim3.of(1), Dim3.of(32),
                arena.slice(0, 2), arena.slice(2, 2), arena.slice(6, 2), 2);
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f, 5f, 6f, 4f, 6f}, arena.floats());
        assertArrayEquals(new float[] {4f, 6f}, arena.slice(6, 2).floats());
    }

    @Test
    void asyncCopiesZeroFillPastTheSourceSize() {
        SimBuffer in = SimBuffer.of(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f);
        SimBuffer out = SimBuffer.zeros(12);
        load("cp-async", """
                .version 8.0
                .target sm_80
                .address_size 64
                .visible .entry stage(.param .u64 in, .param .u64 out)
                {
                    .reg .b32 %r<4>;
                    .reg .f32 %f<5>;
                    .reg .b64 %rd<4>;
                    .shared .align 16 .f32 tile[12];
                    ld.param.u64 %rd1, [in];
                    ld.param.u64 %rd2, [out];
                    cvta.to.global.u64 %rd1, %rd1;
                    cvta.to.global.u64 %rd2, %rd2;
                    mov.u32 %r1, tile;
                    mov.u32 %r2, 6;
                    mov.u32 %r3, 0;
                    cp.async.cg.shared.global.L2::128B [%r1], [%rd1], 16;
                    cp.async.ca.shared.global [%r1+16], [%rd1+16], 16, %r2;
                    cp.async.ca.shared.global [%r1+32], [%rd1+32], 16, %r3;
                    cp.async.commit_group;
                    cp.async.wait_group 0;
                    bar.sync 0;
                    ld.shared.v4.f32 {%f1, %f2, %f3, %f4}, [tile];
                    st.global.v4.f32 [%rd2], {%f1, %f2, %f3, %f4};
                    ld.shared.v4.f32 {%f1, %f2, %f3, %f4}, [tile+16];
                    st.global.v4.f32 [%rd2+16], {%f1, %f2, %f3, %f4};
                    ld.shared.v4.f32 {%f1, %f2, %f3, %f4}, [tile+32];
                    st.global.v4.f32 [%rd2+32], {%f1, %f2, %f3, %f4};
                    ret;
                }
                """).launch("stage", Dim3.of(1), Dim3.of(1), in, out);
        float[] result = out.floats();
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f, 5f}, java.util.Arrays.copyOf(result, 5));
        assertEquals(Float.floatToIntBits(6f) & 0xffff, Float.floatToIntBits(result[5]), "2 of its 4 bytes copied");
        assertArrayEquals(new float[6], java.util.Arrays.copyOfRange(result, 6, 12), "zero-filled");
    }
}
