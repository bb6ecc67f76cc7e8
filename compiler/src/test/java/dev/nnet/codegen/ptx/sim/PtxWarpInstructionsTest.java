package dev.nnet.codegen.ptx.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Warp collectives beyond the reductions of {@link PtxKernelsTest}: votes, indexed and upward shuffles. */
class PtxWarpInstructionsTest {
    @Test
    void warpVotesAndIndexedAndUpShuffles() {
        int[] out = Probe.runIn("votes", """
                mov.u32 %r1, %tid.x;
                and.b32 %r2, %r1, 1;
                setp.eq.u32 %p1, %r2, 1;
                vote.sync.ballot.b32 %r3, %p1, 0xffffffff;
                vote.sync.any.pred %p2, %p1, 0xffffffff;
                vote.sync.all.pred %p3, !%p1, 0xffffffff;
                setp.lt.u32 %p4, %r1, 64;
                vote.sync.uni.pred %p5, %p4, 0xffffffff;
                shfl.sync.idx.b32 %r4, %r1, 5, 31, 0xffffffff;
                shfl.sync.up.b32 %r5|%p6, %r1, 1, 0, 0xffffffff;
                selp.u32 %r6, 1, 0, %p2;
                selp.u32 %r7, 2, 0, %p3;
                selp.u32 %r8, 4, 0, %p5;
                selp.u32 %r9, 8, 0, %p6;
                add.u32 %r6, %r6, %r7;
                add.u32 %r6, %r6, %r8;
                add.u32 %r6, %r6, %r9;
                mul.wide.u32 %rd1, %r1, 16;
                add.s64 %rd2, %out, %rd1;
                st.global.v4.u32 [%rd2], {%r3, %r4, %r5, %r6};
                """, 4 * 64, Dim3.of(1), Dim3.of(64));
        for (int t = 0; t < 64; t++) {
            int lane = t % 32;
            int warpBase = t - lane;
            assertEquals(0xaaaaaaaa, out[4 * t], "ballot of odd lanes, thread " + t);
            assertEquals(warpBase + 5, out[4 * t + 1], "idx 5, thread " + t);
            assertEquals(lane == 0 ? t : t - 1, out[4 * t + 2], "up 1, thread " + t);
            assertEquals(1 + 4 + (lane == 0 ? 0 : 8), out[4 * t + 3], "any, not all, uniform, in range; thread " + t);
        }
    }
}
