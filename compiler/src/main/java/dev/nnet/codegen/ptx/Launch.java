package dev.nnet.codegen.ptx;

import java.util.List;

/**
 * How the host runs one kernel: its arguments after {@code n}, and its grid, each dimension {@code ceil(size/div)}
 * blocks of {@link Kernel#THREADS} (or {@code threads}) threads. {@code blas}, where present, is the same product as
 * a cuBLAS call, which the host uses instead when built with {@code useCublas}, followed by {@code afterBlas}.
 */
record Launch(String kernel, List<Arg> args, Grid grid, String comment, Blas blas, List<Launch> afterBlas) {
    /** An argument bound once, or per step where it names {@code n} or {@code step}. */
    sealed interface Arg {
        record Buffer(DeviceBuffer buffer) implements Arg {
        }

        /** A Java int expression over {@code n} and {@code step}, and the same as a function (for tests). */
        record IntValue(String java, PerStep value) implements Arg {
        }

        /** A Java float expression over {@code n} and {@code step}, and the same as a function (for tests). */
        record FloatValue(String java, PerStep value) implements Arg {
        }
    }

    /** A scalar argument's value at batch size n and optimizer step {@code step}. */
    @FunctionalInterface
    interface PerStep {
        double at(int n, long step);
    }

    record Grid(Size x, int divX, Size y, int divY, Size z, int divZ, int threads) {
        /** One thread per element of {@code count}, 256 to a block (grid-stride loops also accept fewer). */
        static Grid elements(Size count) {
            return new Grid(count, Kernel.THREADS, Size.of(1), 1, Size.of(1), 1, Kernel.THREADS);
        }

        /** A single block: reductions to one value. */
        static Grid single() {
            return new Grid(Size.of(1), 1, Size.of(1), 1, Size.of(1), 1, Kernel.THREADS);
        }
    }

    /** Row-major {@code C = op(A)·op(B) + beta·C} on whole buffers, as {@code CudaBlas.sgemm} takes it. */
    record Blas(boolean transA, boolean transB, Size m, Size n, Size k, DeviceBuffer a, long lda, DeviceBuffer b,
                long ldb, float beta, DeviceBuffer c, long ldc) {
    }
}
