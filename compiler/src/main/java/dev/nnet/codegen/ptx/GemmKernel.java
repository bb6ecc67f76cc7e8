package dev.nnet.codegen.ptx;

import dev.nnet.ir.op.Act;
import dev.nnet.ir.op.PExpr;

/**
 * The tiled GEMM every matrix product runs on: {@code C = op(A)·op(B) (+ C) (+ bias), then act}, row-major.
 * A block of 256 threads computes a 64×64 tile of C; each thread a 4×4 register block (rows ty + 16i, columns
 * tx + 16j, so a warp reads shared memory without bank conflicts). K advances 16 at a time through tiles of A and B
 * staged in shared memory ({@code As[k][m]}, {@code Bs[k][n]}), loaded coalesced along whichever axis is contiguous
 * in memory for the transpose at hand, with zeros past the edges. Grid: x over N, y over M, z over a batch of
 * independent products (convolution: samples × groups); {@code sumCount} products may also be summed into one C
 * (the convolution weight gradient over samples).
 */
final class GemmKernel {
    static final int TILE = 64;
    static final int K_TILE = 16;
    private static final int PER_THREAD = 4;
    private static final int SIDE = TILE / PER_THREAD;

    enum Bias { NONE, ROW, COLUMN }

    /**
     * Sizes and strides in elements. Product z reads A at {@code (z / groups)·aOuter + (z % groups)·aInner}, likewise
     * B and C; a ROW bias of product z starts at {@code (z % groups)·biasInner}. After each of the
     * {@code sumCount} summed products A moves by {@code aSum} and B by {@code bSum}. With {@code chunks > 1} the
     * sum is split: z / groups is the chunk, which sums its share of the products into its own C (partial sums at
     * cOuter apart, added up by the caller), so more blocks share a long sum.
     */
    record Spec(boolean transA, boolean transB, Size m, Size n, Size k, long lda, long ldb, long ldc,
                boolean accumulate, Bias bias, Act act, Size batches, long groups, long aOuter, long aInner,
                long bOuter, long bInner, long cOuter, long cInner, long biasInner, Size sumCount, long aSum,
                long bSum, int chunks) {
        /** One plain product. */
        static Spec plain(boolean transA, boolean transB, Size m, Size n, Size k, long lda, long ldb, long ldc,
                          boolean accumulate, Bias bias, Act act) {
            return new Spec(transA, transB, m, n, k, lda, ldb, ldc, accumulate, bias, act, Size.of(1), 1, 0, 0, 0, 0,
                    0, 0, 0, Size.of(1), 0, 0, 1);
        }

        Launch.Grid grid() {
            return new Launch.Grid(n, TILE, m, TILE, batches, 1, Kernel.THREADS);
        }
    }

    private GemmKernel() {
    }

    /** Writes the kernel's body into {@code k}, whose pointer parameters a, b, c (and bias) are already bound. */
    static void write(Kernel k, Spec s, String a, String b, String c, String bias) {
        write(k, s, a, b, c, bias, null, null);
    }

    /**
     * {@link #write}, adding {@code residual} (a pointer laid out as C, or null) after the bias and before the
     * activation: a residual block's add in the epilogue; and with {@code relu} (a pointer to a ReLU output laid out
     * like C, or null) keeping each element only where that output is positive: the gradient through the ReLU,
     * relu_grad's bits.
     */
    static void write(Kernel k, Spec s, String a, String b, String c, String bias, String residual, String relu) {
        String tid = k.reg("u32", "threadInBlock");
        k.op("mov.u32 %s, %%tid.x;", tid);
        String tx = k.rem(tid, SIDE, "tx");
        String ty = k.div(tid, SIDE, "ty");
        String blockRow = k.reg("u32", "blockRow");
        String blockCol = k.reg("u32", "blockCol");
        k.op("mov.u32 %s, %%ctaid.y;", blockRow);
        k.op("mul.lo.u32 %s, %s, %d;", blockRow, blockRow, TILE);
        k.op("mov.u32 %s, %%ctaid.x;", blockCol);
        k.op("mul.lo.u32 %s, %s, %d;", blockCol, blockCol, TILE);
        String m = k.size(s.m(), "M");
        String n = k.size(s.n(), "N");
        String kk = k.size(s.k(), "K");
        String aBase = a;
        String bBase = b;
        String cBase = c;
        String rBase = residual;
        String inner = null;
        String outer = null;
        if (!s.batches().equals(Size.of(1))) {
            k.comment("product z of the batch: (z / groups, z % groups) pick where A, B and C start");
            String z = k.reg("u32", "z");
            k.op("mov.u32 %s, %%ctaid.z;", z);
            outer = k.div(z, s.groups(), "outer");
            inner = k.rem(z, s.groups(), "inner");
            aBase = offset(k, a, outer, s.aOuter(), inner, s.aInner(), "aBase");
            bBase = offset(k, b, outer, s.bOuter(), inner, s.bInner(), "bBase");
            cBase = offset(k, c, outer, s.cOuter(), inner, s.cInner(), "cBase");
            if (residual != null) {
                rBase = offset(k, residual, outer, s.cOuter(), inner, s.cInner(), "rBase");
            }
        }
        String[][] acc = new String[PER_THREAD][PER_THREAD];
        for (int i = 0; i < PER_THREAD; i++) {
            for (int j = 0; j < PER_THREAD; j++) {
                acc[i][j] = k.reg("f32", "acc" + i + j);
                k.op("mov.f32 %s, %s;", acc[i][j], Kernel.f32(0f));
            }
        }
        String as = k.sharedArray("As", "f32", K_TILE * TILE);
        String bs = k.sharedArray("Bs", "f32", K_TILE * TILE);
        k.comment("this thread's rows of As and columns of Bs: immediate offsets then walk k");
        String aRow = k.reg("u32", "aRow");
        k.op("mad.lo.u32 %s, %s, 4, %s;", aRow, ty, as);
        String bCol = k.reg("u32", "bCol");
        k.op("mad.lo.u32 %s, %s, 4, %s;", bCol, tx, bs);
        boolean summed = !s.sumCount().equals(Size.of(1));
        String sumIndex = null;
        String sumCount = null;
        String sumTop = null;
        String sumDone = null;
        if (summed) {
            k.comment("sum of products over the batch: one C, no atomics, a fixed order");
            sumCount = k.size(s.sumCount(), "sumCount");
            sumIndex = k.reg("u32", "sumIndex");
            k.op("mov.u32 %s, 0;", sumIndex);
            if (s.chunks() > 1) {
                k.comment("this chunk's share of the sum: products [chunk*per, min(chunk*per + per, count))");
                String per = k.reg("u32", "perChunk");
                k.op("add.u32 %s, %s, %d;", per, sumCount, s.chunks() - 1);
                k.op("div.u32 %s, %s, %d;", per, per, s.chunks());
                k.op("mul.lo.u32 %s, %s, %s;", sumIndex, outer, per);
                String end = k.reg("u32", "chunkEnd");
                k.op("add.u32 %s, %s, %s;", end, sumIndex, per);
                k.op("min.u32 %s, %s, %s;", sumCount, end, sumCount);
                String skipped = k.reg("u64", "skipped");
                k.op("mul.wide.u32 %s, %s, %d;", skipped, sumIndex, 4 * s.aSum());
                k.op("add.s64 %s, %s, %s;", aBase, aBase, skipped);
                k.op("mul.wide.u32 %s, %s, %d;", skipped, sumIndex, 4 * s.bSum());
                k.op("add.s64 %s, %s, %s;", bBase, bBase, skipped);
            }
            sumTop = k.label("sum");
            sumDone = k.label("sumDone");
            k.place(sumTop);
            String end = k.reg("pred", "sumEnd");
            k.op("setp.ge.u32 %s, %s, %s;", end, sumIndex, sumCount);
            k.op("@%s bra %s;", end, sumDone);
        }
        String k0 = k.reg("u32", "k0");
        k.op("mov.u32 %s, 0;", k0);
        String top = k.label("kTile");
        String done = k.label("kDone");
        k.place(top);
        String end = k.reg("pred", "kEnd");
        k.op("setp.ge.u32 %s, %s, %s;", end, k0, kk);
        k.op("@%s bra %s;", end, done);
        k.comment("stage a 64x16 tile of op(A) and a 16x64 tile of op(B), zero past the edges");
        Scratch scratch = Scratch.of(k);
        for (int l = 0; l < TILE * K_TILE / Kernel.THREADS; l++) {
            stage(k, scratch, tid, l, s.transA(), aBase, s.lda(), blockRow, m, k0, kk, as);
        }
        for (int l = 0; l < TILE * K_TILE / Kernel.THREADS; l++) {
            stage(k, scratch, tid, l, !s.transB(), bBase, s.ldb(), blockCol, n, k0, kk, bs);
        }
        k.op("bar.sync 0;");
        String[] av = new String[PER_THREAD];
        String[] bv = new String[PER_THREAD];
        for (int i = 0; i < PER_THREAD; i++) {
            av[i] = k.reg("f32", "a" + i);
            bv[i] = k.reg("f32", "b" + i);
        }
        k.comment("16 steps of k through the staged tiles: 4 + 4 shared loads, 16 FMAs each");
        String aAt = k.reg("u32", "aAt");
        String bAt = k.reg("u32", "bAt");
        String aEnd = k.reg("u32", "aEnd");
        k.op("mov.u32 %s, %s;", aAt, aRow);
        k.op("mov.u32 %s, %s;", bAt, bCol);
        k.op("add.u32 %s, %s, %d;", aEnd, aRow, 4 * K_TILE * TILE);
        String step = k.label("kStep");
        k.place(step);
        for (int i = 0; i < PER_THREAD; i++) {
            k.op("ld.shared.f32 %s, [%s+%d];", av[i], aAt, 4 * SIDE * i);
        }
        for (int j = 0; j < PER_THREAD; j++) {
            k.op("ld.shared.f32 %s, [%s+%d];", bv[j], bAt, 4 * SIDE * j);
        }
        for (int i = 0; i < PER_THREAD; i++) {
            for (int j = 0; j < PER_THREAD; j++) {
                k.op("fma.rn.f32 %s, %s, %s, %s;", acc[i][j], av[i], bv[j], acc[i][j]);
            }
        }
        k.op("add.u32 %s, %s, %d;", aAt, aAt, 4 * TILE);
        k.op("add.u32 %s, %s, %d;", bAt, bAt, 4 * TILE);
        String more = k.reg("pred", "moreSteps");
        k.op("setp.lt.u32 %s, %s, %s;", more, aAt, aEnd);
        k.op("@%s bra %s;", more, step);
        k.op("bar.sync 0;");
        k.op("add.u32 %s, %s, %d;", k0, k0, K_TILE);
        k.op("bra.uni %s;", top);
        k.place(done);
        if (summed) {
            k.op("add.s64 %s, %s, %d;", aBase, aBase, 4 * s.aSum());
            k.op("add.s64 %s, %s, %d;", bBase, bBase, 4 * s.bSum());
            k.op("add.u32 %s, %s, 1;", sumIndex, sumIndex);
            k.op("bra.uni %s;", sumTop);
            k.place(sumDone);
        }
        epilogue(k, s, acc, ty, tx, blockRow, blockCol, m, n, cBase, bias, relu, inner, rBase);
    }

    /** {@code base + 4·(outer·outerStride + inner·innerStride)}, a new u64 register. */
    private static String offset(Kernel k, String base, String outer, long outerStride, String inner, long innerStride,
                                 String hint) {
        String elements = k.reg("u32", hint + "Elements");
        k.op("mul.lo.u32 %s, %s, %d;", elements, outer, outerStride);
        k.op("mad.lo.u32 %s, %s, %d, %s;", elements, inner, innerStride, elements);
        String bytes = k.reg("u64", hint + "Bytes");
        k.op("mul.wide.u32 %s, %s, 4;", bytes, elements);
        String r = k.reg("u64", hint);
        k.op("add.s64 %s, %s, %s;", r, base, bytes);
        return r;
    }

    /** Registers the staging loads share: each load is done with them before the next begins. */
    private record Scratch(String e, String along, String kIndex, String global, String gk, String inside,
                           String inK, String index, String v, String slot, String offset, String address) {
        static Scratch of(Kernel k) {
            return new Scratch(k.reg("u32", "e"), k.reg("u32", "along"), k.reg("u32", "kIndex"),
                    k.reg("u32", "global"), k.reg("u32", "gk"), k.reg("pred", "inside"), k.reg("pred", "inK"),
                    k.reg("u32", "index"), k.reg("f32", "v"), k.reg("u32", "slot"), k.reg("u64", "offset"),
                    k.reg("u64", "address"));
        }
    }

    /**
     * One of a thread's four loads into a shared tile, element {@code tid + 256*l} of it. {@code outerContiguous}:
     * the tile's M (or N) index is contiguous in memory (A transposed, B not), so consecutive threads take
     * consecutive M (N) indices; otherwise consecutive k. The shared tile is always [k][64].
     */
    private static void stage(Kernel k, Scratch r, String tid, int l, boolean outerContiguous, String base, long ld,
                              String blockStart, String limit, String k0, String kLimit, String shared) {
        k.op("add.u32 %s, %s, %d;", r.e(), tid, l * Kernel.THREADS);
        if (outerContiguous) {
            k.op("rem.u32 %s, %s, %d;", r.along(), r.e(), TILE);
            k.op("div.u32 %s, %s, %d;", r.kIndex(), r.e(), TILE);
        } else {
            k.op("div.u32 %s, %s, %d;", r.along(), r.e(), K_TILE);
            k.op("rem.u32 %s, %s, %d;", r.kIndex(), r.e(), K_TILE);
        }
        k.op("add.u32 %s, %s, %s;", r.global(), blockStart, r.along());
        k.op("add.u32 %s, %s, %s;", r.gk(), k0, r.kIndex());
        k.op("setp.lt.u32 %s, %s, %s;", r.inside(), r.global(), limit);
        k.op("setp.lt.u32 %s, %s, %s;", r.inK(), r.gk(), kLimit);
        k.op("and.pred %s, %s, %s;", r.inside(), r.inside(), r.inK());
        // A(m,k) is a[m*lda + k], or a[k*lda + m] transposed; B(k,n) is b[k*ldb + n], or b[n*ldb + k] transposed:
        // exactly when the M (N) index is contiguous, k is the major one.
        if (outerContiguous) {
            k.op("mad.lo.u32 %s, %s, %d, %s;", r.index(), r.gk(), ld, r.global());
        } else {
            k.op("mad.lo.u32 %s, %s, %d, %s;", r.index(), r.global(), ld, r.gk());
        }
        k.op("mul.wide.u32 %s, %s, 4;", r.offset(), r.index());
        k.op("add.s64 %s, %s, %s;", r.address(), base, r.offset());
        k.op("mov.f32 %s, %s;", r.v(), Kernel.f32(0f));
        k.op("@%s ld.global.f32 %s, [%s];", r.inside(), r.v(), r.address());
        k.op("mad.lo.u32 %s, %s, %d, %s;", r.slot(), r.kIndex(), TILE, r.along());
        k.op("mad.lo.u32 %s, %s, 4, %s;", r.slot(), r.slot(), shared);
        k.op("st.shared.f32 [%s], %s;", r.slot(), r.v());
    }

    private static void epilogue(Kernel k, Spec s, String[][] acc, String ty, String tx, String blockRow,
                                 String blockCol, String m, String n, String c, String bias, String relu,
                                 String inner, String residual) {
        k.comment("epilogue: rows ty + 16i, columns tx + 16j of the tile, inside C only"
                + (s.accumulate() ? "; adds to C (beta = 1)" : "")
                + (s.bias() == Bias.NONE ? "" : "; bias per " + s.bias().name().toLowerCase(java.util.Locale.ROOT))
                + (residual == null ? "" : "; plus the residual")
                + (s.act() == Act.NONE ? "" : "; then " + s.act().text())
                + (relu == null ? "" : "; kept where the ReLU output is positive"));
        String row = k.reg("u32", "row");
        String col = k.reg("u32", "col");
        String inside = k.reg("pred", "store");
        String inN = k.reg("pred", "inN");
        String index = k.reg("u32", "cIndex");
        String offset = k.reg("u64", "cOffset");
        String address = k.reg("u64", "cAddress");
        String old = s.accumulate() ? k.reg("f32", "old") : null;
        String biasAt = s.bias() == Bias.NONE ? null : k.reg("u32", "biasAt");
        String biasValue = s.bias() == Bias.NONE ? null : k.reg("f32", "biasValue");
        String residualAddress = residual == null ? null : k.reg("u64", "residualAddress");
        String residualValue = residual == null ? null : k.reg("f32", "residualValue");
        for (int i = 0; i < PER_THREAD; i++) {
            for (int j = 0; j < PER_THREAD; j++) {
                k.comment("C[row + " + SIDE * i + "][col + " + SIDE * j + "]");
                k.op("add.u32 %s, %s, %d;", row, blockRow, SIDE * i);
                k.op("add.u32 %s, %s, %s;", row, row, ty);
                k.op("add.u32 %s, %s, %d;", col, blockCol, SIDE * j);
                k.op("add.u32 %s, %s, %s;", col, col, tx);
                k.op("setp.lt.u32 %s, %s, %s;", inside, row, m);
                k.op("setp.lt.u32 %s, %s, %s;", inN, col, n);
                k.op("and.pred %s, %s, %s;", inside, inside, inN);
                String skip = k.label("skip");
                k.op("@!%s bra %s;", inside, skip);
                k.op("mad.lo.u32 %s, %s, %d, %s;", index, row, s.ldc(), col);
                k.op("mul.wide.u32 %s, %s, 4;", offset, index);
                k.op("add.s64 %s, %s, %s;", address, c, offset);
                String v = acc[i][j];
                if (s.accumulate()) {
                    k.op("ld.global.f32 %s, [%s];", old, address);
                    k.op("add.rn.f32 %s, %s, %s;", v, v, old);
                }
                if (s.bias() != Bias.NONE) {
                    if (s.bias() == Bias.COLUMN) {
                        k.op("mov.u32 %s, %s;", biasAt, col);
                    } else if (inner != null) {
                        k.op("mad.lo.u32 %s, %s, %d, %s;", biasAt, inner, s.biasInner(), row);
                    } else {
                        k.op("mov.u32 %s, %s;", biasAt, row);
                    }
                    k.op("mul.wide.u32 %s, %s, 4;", offset, biasAt);
                    k.op("add.s64 %s, %s, %s;", offset, bias, offset);
                    k.op("ld.global.f32 %s, [%s];", biasValue, offset);
                    k.op("add.rn.f32 %s, %s, %s;", v, v, biasValue);
                }
                if (residual != null) {
                    k.op("mul.wide.u32 %s, %s, 4;", offset, index);
                    k.op("add.s64 %s, %s, %s;", residualAddress, residual, offset);
                    k.op("ld.global.f32 %s, [%s];", residualValue, residualAddress);
                    k.op("add.rn.f32 %s, %s, %s;", v, residualValue, v);
                }
                v = PtxExpressions.act(k, s.act(), v);
                if (relu != null) {
                    String y = k.reg("f32", "reluOut");
                    k.op("mul.wide.u32 %s, %s, 4;", offset, index);
                    k.op("add.s64 %s, %s, %s;", offset, relu, offset);
                    k.op("ld.global.f32 %s, [%s];", y, offset);
                    v = PtxExpressions.fn2(k, PExpr.Fn2.RELU_GRAD, v, y);
                }
                k.op("st.global.f32 [%s], %s;", address, v);
                k.place(skip);
            }
        }
    }
}
