package dev.nnet.ops;

import static dev.nnet.ops.OpTesting.dims;
import static dev.nnet.ops.OpTesting.kw;
import static dev.nnet.ops.OpTesting.list;
import static dev.nnet.ops.OpTesting.none;
import static dev.nnet.ops.OpTesting.run;
import static dev.nnet.ops.OpTesting.tensor;
import static dev.nnet.ops.OpTesting.tuple;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.diag.Diagnostic;
import dev.nnet.types.ElemType;
import dev.nnet.types.Value;
import org.junit.jupiter.api.Test;

class ShapeOpsTest {
    @Test
    void matrixTranspose() {
        assertEquals("int[L, N]", run("t", none(), tensor("int[N, L]")).shape());
        assertEquals("[7]", run("t", none(), tensor("[7]")).shape());
        run("t", none(), tensor("[N, 3, 4]")).only("E0210");
    }

    @Test
    void flattenKeepsBatch() {
        assertEquals("[N, 400]", run("flatten", none(), tensor("[N, 16, 5, 5]")).shape());
        assertEquals("[N, 16*C]", run("flatten", none(), tensor("[N, C, 4, 4]")).shape());
        assertEquals("[400*N]", run("flatten", kw("start_dim", 0), tensor("[N, 16, 5, 5]")).shape());
        assertEquals("[N, 80, 5]", run("flatten", kw("end_dim", 2), tensor("[N, 16, 5, 5]")).shape());
        assertEquals("[N, 16, 25]", run("flatten", kw("start_dim", -2), tensor("[N, 16, 5, 5]")).shape());
        assertEquals("[1]", run("flatten", kw("start_dim", 0), tensor("[]")).shape());
    }

    @Test
    void flattenBadDims() {
        run("flatten", kw("start_dim", 4), tensor("[N, 16, 5, 5]")).only("E0211");
        run("flatten", kw("start_dim", 2, "end_dim", 1), tensor("[N, 16, 5, 5]")).only("E0211");
        run("flatten", none(), tensor("[N]")).only("E0211");
    }

    @Test
    void viewInfersMinusOneOnSymbolicBatch() {
        assertEquals("[N, 784]", run("view", kw("shape", dims(-1, 784)), tensor("[N, 1, 28, 28]")).shape());
        assertEquals("[N, 784]", run("view", kw("shape", dims("N", -1)), tensor("[N, 1, 28, 28]")).shape());
        assertEquals("[N, 320]", run("reshape", kw("shape", dims(-1, 320)), tensor("[N, 20, 4, 4]")).shape());
        assertEquals("[3, 8]", run("view", kw("shape", dims(3, 8)), tensor("[4, 6]")).shape());
        assertEquals("[32, 1568]", run("view", kw("shape", dims(32, -1)), tensor("[64, 784]")).shape());
        assertEquals("[2, N, 5]", run("view", kw("shape", dims(2, "N", -1)), tensor("[N, 10]")).shape());
        assertEquals("[N, 784]",
                run("view", kw("shape", list(dims(-1, 784))), tensor("[N, 1, 28, 28]")).shape());
    }

    @Test
    void viewThatCannotDivideIsE0203WithBothCounts() {
        Diagnostic d = run("view", kw("shape", dims(-1, 300)), tensor("[N, 20, 4, 4]")).only("E0203");
        assertTrue(d.notes().contains("[N, 20, 4, 4] has 320*N elements; [-1, 300] needs a multiple of 300"),
                d.notes().toString());
        run("view", kw("shape", dims(5, -1)), tensor("[4, 6]")).only("E0203");
    }

    @Test
    void viewThatChangesTheCountIsE0203() {
        Diagnostic d = run("view", kw("shape", dims("N", 100)), tensor("[N, 784]")).only("E0203");
        assertTrue(d.notes().get(0).contains("784*N elements"), d.notes().toString());
        assertTrue(d.notes().get(0).contains("100*N"), d.notes().toString());
        run("reshape", kw("shape", dims(64, 784)), tensor("[N, 784]")).only("E0203");
    }

    @Test
    void viewWithTwoMinusOnesOrNegativeSizes() {
        run("view", kw("shape", dims(-1, -1)), tensor("[N, 784]")).only("E0203");
        run("view", kw("shape", dims(-2, 784)), tensor("[N, 784]")).only("E0112");
    }

    @Test
    void transposeSwaps() {
        assertEquals("[N, T, H]", run("transpose", kw("dim0", 0, "dim1", 1), tensor("[T, N, H]")).shape());
        assertEquals("[H, N, T]", run("transpose", kw("dim0", 0, "dim1", -1), tensor("[T, N, H]")).shape());
        run("transpose", kw("dim0", 0, "dim1", 3), tensor("[T, N, H]")).only("E0211");
    }

    @Test
    void dropoutProbabilityRange() {
        assertEquals("[N, 50]", run("dropout", none(), tensor("[N, 50]")).shape());
        assertEquals("[N, 50]", run("dropout", kw("p", 0.0), tensor("[N, 50]")).shape());
        run("dropout", kw("p", 1.0), tensor("[N, 50]")).only("E0112");
        run("dropout", kw("p", -0.1), tensor("[N, 50]")).only("E0112");
    }

    @Test
    void concatAlongChannels() {
        Value.Seq branches = list(tensor("[N, 16, 12, 12]"), tensor("[N, 24, 12, 12]"), tensor("[N, 24, 12, 12]"),
                tensor("[N, 24, 12, 12]"));
        assertEquals("[N, 88, 12, 12]", run("concat", kw("dim", 1), branches).shape());
        assertEquals("[N, 88, 12, 12]", run("cat", kw("dim", -3), branches).shape());
        assertEquals("cat", OpTesting.op("cat").name());
        assertEquals("[2*N, 10]", run("concat", none(), list(tensor("[N, 10]"), tensor("[N, 10]"))).shape());
    }

    @Test
    void concatMismatchNamesTheTensorAndBothShapes() {
        Value.Seq branches = list(tensor("[N, 16, 12, 12]"), tensor("[N, 24, 12, 12]"), tensor("[N, 24, 10, 10]"));
        Diagnostic d = run("concat", kw("dim", 1), branches).only("E0204");
        assertTrue(d.message().contains("tensor 2"), d.message());
        assertTrue(d.message().contains("[N, 16, 12, 12]") && d.message().contains("[N, 24, 10, 10]"), d.message());
        assertEquals(RecordingContext.inputSpanAt(0), d.span());
        run("concat", kw("dim", 1), list(tensor("[N, 4]"), tensor("[N, 4, 1]"))).only("E0204");
        run("concat", kw("dim", 1), list(tensor("[N, 4]"), tensor("int[N, 4]"))).only("E0204");
        run("concat", kw("dim", 0), list(tensor("[N, 4]"), tensor("[M, 4]"))).type();
        run("concat", kw("dim", 1), list(tensor("[N, 4]"), tensor("[M, 4]"))).only("E0204");
        run("concat", kw("dim", 2), list(tensor("[N, 4]"), tensor("[N, 4]"))).only("E0211");
        run("concat", none(), list(tensor("[N, 4]"), tuple(tensor("[N, 4]")))).only("E0204");
        run("concat", none(), list()).only("E0204");
        run("concat", none(), tensor("[N, 4]")).only("E0106");
    }

    @Test
    void concatWithPoisonedItemIsSilent() {
        OpTesting.Run r = run("concat", none(), list(tensor("[N, 4]"), Value.UNKNOWN));
        assertInstanceOf(Value.Unknown.class, r.value());
        assertEquals(0, r.codes().size());
    }

    @Test
    void stackAddsADimension() {
        Value.Seq pair = list(tensor("[N, H]"), tensor("[N, H]"));
        assertEquals("[2, N, H]", run("stack", none(), pair).shape());
        assertEquals("[N, H, 2]", run("stack", kw("dim", 2), pair).shape());
        assertEquals("[N, H, 2]", run("stack", kw("dim", -1), pair).shape());
        run("stack", kw("dim", 3), pair).only("E0211");
        run("stack", none(), list(tensor("[N, H]"), tensor("[N, 4]"))).only("E0204");
    }

    @Test
    void zerosAndOnes() {
        OpTesting.Run r = run("zeros", kw("size", dims(2, "N", 100)));
        assertEquals("[2, N, 100]", r.shape());
        assertEquals(ElemType.FLOAT, r.type().elem());
        assertEquals("[3]", run("ones", kw("size", dims(3))).shape());
        assertEquals(0, OpTesting.op("ones").inputs().size());
        run("zeros", kw("size", dims(2, -1))).only("E0112");
    }
}
