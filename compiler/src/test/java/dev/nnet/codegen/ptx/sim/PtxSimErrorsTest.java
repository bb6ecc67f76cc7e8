package dev.nnet.codegen.ptx.sim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What the simulator refuses, and that it says where: parse errors name the PTX line; faults name the kernel, the
 * line with its text, and the block and thread. Kernels that fail only at run time are real PTX (ptxas accepts them).
 */
class PtxSimErrorsTest {
    private static String kernel(String params, String body) {
        return """
                .version 8.0
                .target sm_80
                .address_size 64
                .visible .entry k(%s)
                {
                    .reg .pred %%p<4>;
                    .reg .b32 %%r<8>;
                    .reg .f32 %%f<4>;
                    .reg .b64 %%rd<8>;
                %s    ret;
                }
                """.formatted(params, body.indent(4));
    }

    private static void assertMessage(Executable run, String... fragments) {
        SimException e = assertThrows(SimException.class, run);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "'" + fragment + "' missing from: " + e.getMessage());
        }
    }

    private static SimModule valid(String ptx) {
        Ptxas.assertAssembles("error-case", ptx);
        return PtxSim.load(ptx);
    }

    @Test
    void parseErrorsNameTheLine() {
        assertMessage(() -> PtxSim.load(kernel("", "mov.u32 %r1, 1\nadd.u32 %r2, %r1, 1;\n")),
                "PTX line 11", "expected ';' after mov.u32");
        assertMessage(() -> PtxSim.load(kernel("", "frobnicate.u32 %r1, 1;\n")), "PTX line 10",
                "instruction 'frobnicate' is not supported");
        assertMessage(() -> PtxSim.load(kernel("", "mov.u32 %r9, 1;\n")), "PTX line 10", "unknown register %r9");
        assertMessage(() -> PtxSim.load(kernel("", "bra NOWHERE;\n")), "PTX line 10", "label");
        assertMessage(() -> PtxSim.load(kernel("", "add.u32 %r1, %r2;\n")), "PTX line 10", "takes 3 operands");
        assertMessage(() -> PtxSim.load(kernel("", "mov.u32 %r1, #;\n")), "PTX line 10", "unexpected character");
        assertMessage(() -> PtxSim.load(".version 8.0\n.target sm_80\n.address_size 64\n.visible .entry k(\n"),
                "PTX line 5", "expected '.param', found 'end of file'");
        assertMessage(() -> PtxSim.load(".target sm_80\n"), "no .version");
        assertMessage(() -> PtxSim.load(".version 8.0\n.target sm_80\n.address_size 64\n.func f()\n{\n ret;\n}\n"),
                "PTX line 4", ".func is not supported");
        assertMessage(() -> PtxSim.load(kernel("", ".reg .f32 %huge<100000000>;\n")), "PTX line 10",
                "declares 100000000 registers");
        assertMessage(() -> PtxSim.load(kernel("", ".local .b8 depot[4611686018427387904][4];\n")), "PTX line 10",
                "larger than");
    }

    @Test
    void outOfBoundsGlobalAccessNamesKernelLineAndThread() {
        String ptx = Ptxas.resource("vector_add.ptx");
        SimModule module = valid(ptx);
        SimBuffer a = SimBuffer.zeros(40);
        SimBuffer c = SimBuffer.zeros(39);
        assertMessage(() -> module.launch("vector_add", Dim3.of(2), Dim3.of(32), a, a, c, 40),
                "kernel vector_add", "PTX line 41 `st.global.f32       [%rd10], %f3;`",
                "block (1, 0, 0) thread (7, 0, 0)",
                "write of 4 bytes", "byte offset 156, 4 bytes past its end");
    }

    @Test
    void readingARegisterBeforeWritingItIsAFault() {
        assertMessage(() -> valid(kernel("", "add.f32 %f2, %f1, 0f3F800000;\n")).launch("k", Dim3.of(1), Dim3.of(1)),
                "PTX line 10", "reads register %f1 before any write", "thread (0, 0, 0)");
    }

    @Test
    void readingSharedMemoryNobodyWroteIsAFault() {
        String ptx = kernel("", ".shared .align 4 .f32 s[32];\nld.shared.f32 %f1, [s+8];\n");
        assertMessage(() -> valid(ptx).launch("k", Dim3.of(1), Dim3.of(4)), "PTX line 11",
                "shared memory at offset 8 that no thread of this block has written");
    }

    @Test
    void misalignedAndNullPointerAccesses() {
        String ptx = kernel(".param .u64 p", """
                ld.param.u64 %rd1, [p];
                ld.global.f32 %f1, [%rd1+2];
                """);
        assertMessage(() -> valid(ptx).launch("k", Dim3.of(1), Dim3.of(1), SimBuffer.zeros(4)),
                "PTX line 11", "misaligned address");
        String nullPtr = kernel(".param .u64 p", "ld.param.u64 %rd1, [p];\nld.global.f32 %f1, [%rd1];\n");
        assertMessage(() -> valid(nullPtr).launch("k", Dim3.of(1), Dim3.of(1), 0L), "lies in no buffer",
                "null");
    }

    @Test
    void aThreadThatExitsBeforeABarrierIsBarrierDivergence() {
        String ptx = kernel("", """
                mov.u32 %r1, %tid.x;
                setp.eq.s32 %p1, %r1, 3;
                @%p1 bra SKIP;
                bar.sync 0;
                SKIP:
                """);
        assertMessage(() -> valid(ptx).launch("k", Dim3.of(1), Dim3.of(8)), "PTX line 13",
                "thread (3, 0, 0) exited without reaching it (barrier divergence)");
    }

    @Test
    void threadsWaitingAtDifferentBarriersAreBarrierDivergence() {
        String ptx = kernel("", """
                mov.u32 %r1, %tid.x;
                setp.lt.u32 %p1, %r1, 2;
                @%p1 bra LOW;
                bar.sync 0;
                bra.uni END;
                LOW:
                bar.sync 0;
                END:
                """);
        assertMessage(() -> valid(ptx).launch("k", Dim3.of(1), Dim3.of(4)), "barrier divergence", "line 16");
    }

    @Test
    void aLaneAtABarrierWhileItsWarpShufflesIsADeadlock() {
        String ptx = kernel("", """
                mov.u32 %r1, %laneid;
                setp.eq.u32 %p1, %r1, 0;
                @%p1 bra WAIT;
                shfl.sync.bfly.b32 %r2, %r1, 1, 31, -1;
                bra.uni END;
                WAIT:
                bar.sync 0;
                END:
                """);
        assertMessage(() -> valid(ptx).launch("k", Dim3.of(1), Dim3.of(32)), "deadlocks (barrier divergence)",
                "32 threads wait", "thread (0, 0, 0) at line 16", "thread (1, 0, 0) at line 13");
    }

    @Test
    void shuffleWithAMaskNamingMissingLanesIsRefused() {
        String ptx = kernel("", """
                mov.b32 %r1, %laneid;
                shfl.sync.bfly.b32 %r2, %r1, 1, 31, -1;
                """);
        assertMessage(() -> valid(ptx).launch("k", Dim3.of(1), Dim3.of(20)), "PTX line 11",
                "names lane 20, but this warp has only 20 threads");
        String halfMask = kernel("", """
                mov.b32 %r1, %laneid;
                shfl.sync.idx.b32 %r2, %r1, 0, 31, 0xffff;
                """);
        assertMessage(() -> valid(halfMask).launch("k", Dim3.of(1), Dim3.of(32)), "thread (16, 0, 0)",
                "leaves out the thread's own lane 16");
        String readsOutside = kernel("", """
                mov.b32 %r1, %laneid;
                shfl.sync.down.b32 %r2, %r1, 1, 31, 0xffff;
                """);
        assertMessage(() -> valid(readsOutside).launch("k", Dim3.of(1), Dim3.of(16)), "thread (15, 0, 0)",
                "lane 15 reads lane 16, which is not in the member mask");
    }

    @Test
    void argumentsMustMatchTheParameters() {
        SimModule module = valid(Ptxas.resource("saxpy.ptx"));
        SimBuffer x = SimBuffer.zeros(4);
        assertMessage(() -> module.launch("saxpy", Dim3.of(1), Dim3.of(4), x, x, 2, 4),
                "argument 3 of kernel saxpy: parameter a is .f32, which takes a Float; got Integer 2");
        assertMessage(() -> module.launch("saxpy", Dim3.of(1), Dim3.of(4), x, x), "takes 4 arguments");
        assertMessage(() -> module.launch("sxapy", Dim3.of(1), Dim3.of(4)), "no kernel 'sxapy'", "saxpy");
        assertMessage(() -> module.launch("saxpy", Dim3.of(1), Dim3.of(2048), x, x, 1f, 4), "more than 1024");
    }

    @Test
    void endlessLoopsStopAtTheStepLimit() {
        String ptx = kernel("", "LOOP:\nbra.uni LOOP;\n");
        assertMessage(() -> valid(ptx).withStepLimit(10_000).launch("k", Dim3.of(1), Dim3.of(2)),
                "limit of 10000 thread-instructions");
    }

    @Test
    void integerDivisionByZeroIsAFault() {
        String ptx = kernel("", "mov.u32 %r1, 0;\ndiv.u32 %r2, 7, %r1;\n");
        assertMessage(() -> valid(ptx).launch("k", Dim3.of(1), Dim3.of(1)), "PTX line 11", "division by zero");
    }
}
