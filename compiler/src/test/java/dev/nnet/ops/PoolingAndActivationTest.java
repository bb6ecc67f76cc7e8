package dev.nnet.ops;

import static dev.nnet.ops.OpTesting.kw;
import static dev.nnet.ops.OpTesting.none;
import static dev.nnet.ops.OpTesting.run;
import static dev.nnet.ops.OpTesting.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.diag.Diagnostic;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolingAndActivationTest {
    @Test
    void maxPoolHalvesWithStrideDefaultingToKernel() {
        assertEquals("[N, 10, 12, 12]", run("max_pool2d", kw("kernel_size", 2), tensor("[N, 10, 24, 24]")).shape());
        assertEquals("[N, 10, 12, 12]", run("max_pool2d", kw("kernel", 2), tensor("[N, 10, 24, 24]")).shape());
    }

    @Test
    void maxPoolWithStridePaddingAndDilation() {
        assertEquals("[N, 64, 56, 56]",
                run("max_pool2d", kw("kernel", 3, "stride", 2, "padding", 1), tensor("[N, 64, 112, 112]")).shape());
        assertEquals("[N, 1, 3, 3]", run("max_pool2d", kw("kernel", 2, "stride", 1), tensor("[N, 1, 4, 4]")).shape());
        assertEquals("[N, 1, 6, 6]",
                run("max_pool2d", kw("kernel", 2, "stride", 1, "dilation", 2), tensor("[N, 1, 8, 8]")).shape());
        assertEquals("[N, 1, 3, 2]",
                run("max_pool2d", kw("kernel", new int[] {2, 3}), tensor("[N, 1, 6, 6]")).shape());
    }

    @Test
    void avgPool() {
        assertEquals("[N, 16, 2, 2]", run("avg_pool2d", kw("kernel", 2), tensor("[N, 16, 5, 5]")).shape());
        assertEquals("[16, 2, 2]", run("avg_pool2d", kw("kernel", 2), tensor("[16, 5, 5]")).shape());
    }

    @Test
    void ceilModeRoundsUpButNeverStartsAWindowInTheRightPadding() {
        // ⌈(26 − 3) / 2⌉ + 1 = 13 where the floor gives 12.
        assertEquals("[N, 8, 13, 13]", run("max_pool2d", kw("kernel", 3, "stride", 2, "ceil_mode", true),
                tensor("[N, 8, 26, 26]")).shape());
        assertEquals("[N, 8, 12, 12]", run("max_pool2d", kw("kernel", 3, "stride", 2), tensor("[N, 8, 26, 26]"))
                .shape());
        // ⌈(5 + 2 − 2) / 2⌉ + 1 = 4, but that window would start at 6 ≥ 5 + 1, in the padding: PyTorch gives 3.
        assertEquals("[N, 1, 3, 3]", run("avg_pool2d", kw("kernel", 2, "stride", 2, "padding", 1, "ceil_mode", true),
                tensor("[N, 1, 5, 5]")).shape());
        assertEquals("[N, 16, 7, 7]", run("avg_pool2d", kw("kernel", 3, "stride", 2, "padding", 1, "ceil_mode", true,
                "count_include_pad", false), tensor("[N, 16, 13, 13]")).shape());
    }

    @Test
    void countIncludePadIsAnAveragePoolingOptionAndChangesNoShape() {
        assertEquals("[N, 1, 3, 3]", run("avg_pool2d", kw("kernel", 2, "padding", 1, "count_include_pad", false),
                tensor("[N, 1, 4, 4]")).shape());
    }

    @Test
    void leakyReluKeepsTheShapeAndTakesASlope() {
        assertEquals("[N, 3, 5]", run("leaky_relu", kw(), tensor("[N, 3, 5]")).shape());
        assertEquals("[N, 3, 5]", run("leaky_relu", kw("negative_slope", 0.2), tensor("[N, 3, 5]")).shape());
    }

    @Test
    void geluKeepsTheShapeAndTakesItsTwoForms() {
        assertEquals("[N, 3, 5]", run("gelu", kw(), tensor("[N, 3, 5]")).shape());
        assertEquals("[N, 3, 5]", run("gelu", kw("approximate", new Value.Word("tanh")), tensor("[N, 3, 5]"))
                .shape());
        assertEquals("gelu(approximate=none)", OpTesting.op("gelu").signature().render("gelu"));
    }

    /** Both forms lower to their own point-wise function, whose gradient reads the input. */
    @Test
    void geluLowersToItsFunction() {
        dev.nnet.Compilation c = dev.nnet.Driver.compile(new dev.nnet.diag.SourceFile("gelu.nnet", """
                model G {
                  input x: [N, 4]
                  forward(x) { return gelu(x) + gelu(x, approximate="tanh") + x.gelu(approximate="tanh") }
                }
                """));
        assertFalse(c.hasErrors(), c.diagnostics().toString());
        var graph = dev.nnet.lower.Pipeline.lower(c).models().get(0).predict().graph();
        // Fusion has joined the three into one expression by now.
        String fused = String.join(" ", graph.nodesOf(dev.nnet.ir.op.Pointwise.class).stream()
                .map(n -> ((dev.nnet.ir.op.Pointwise) n.op()).expr().text()).toList());
        assertEquals(1, fused.split("gelu\\(", -1).length - 1, fused);
        assertEquals(2, fused.split("gelu_tanh\\(", -1).length - 1, fused);
    }

    @Test
    void poolingKeepsSymbolicSizes() {
        TensorType t = run("max_pool2d", kw("kernel", 2), tensor("[N, 3, H, 8]")).type();
        assertEquals(Dim.sym("N"), t.dim(0));
        assertFalse(t.dim(2).isConstant());
        assertTrue(t.dim(2).symbols().contains("H"));
        assertEquals(Dim.of(4), t.dim(3));
    }

    @Test
    void poolingWindowLargerThanInputIsE0202() {
        Diagnostic d = run("max_pool2d", "pool", kw("kernel", 2), tensor("[N, 8, 1, 4]")).only("E0202");
        assertTrue(d.message().contains("`pool`"), d.message());
        // Both axes too small: reported once, for the height.
        assertEquals(List.of("E0202"), run("max_pool2d", kw("kernel", 2), tensor("[N, 8, 1, 1]")).codes());
    }

    @Test
    void poolingPaddingAboveHalfKernelIsE0112() {
        Diagnostic d = run("max_pool2d", "pool", kw("kernel", 2, "padding", 2), tensor("[N, 8, 8, 8]"))
                .only("E0112");
        assertTrue(d.message().contains("half the kernel"), d.message());
        run("avg_pool2d", kw("kernel", 3, "padding", 2), tensor("[N, 8, 8, 8]")).only("E0112");
        run("avg_pool2d", kw("kernel", 3, "padding", 1), tensor("[N, 8, 8, 8]")).type();
        run("max_pool2d", kw("kernel", 2, "stride", 0), tensor("[N, 8, 8, 8]")).only("E0112");
    }

    @Test
    void poolingRankAndElementType() {
        run("max_pool2d", kw("kernel", 2), tensor("[N, 8]")).only("E0210");
        run("avg_pool2d", kw("kernel", 2), tensor("int[N, 1, 8, 8]")).only("E0207");
    }

    @Test
    void activationsKeepShapeAndRecordProducer() {
        for (String name : new String[] {"relu", "sigmoid", "tanh"}) {
            OpTesting.Run r = run(name, none(), tensor("[N, 10]"));
            assertEquals("[N, 10]", r.shape());
            assertEquals(name, ((Value.Tensor) r.value()).producer());
            assertEquals("[]", run(name, none(), tensor("[]")).shape());
            run(name, none(), tensor("int[N, 10]")).only("E0207");
        }
    }

    @Test
    void poisonedInputsStaySilent() {
        for (String name : new String[] {"relu", "softmax", "flatten", "dropout", "batch_norm", "gru"}) {
            OpTesting.Run r = run(name, name.equals("gru") ? kw("hidden_size", 4) : none(), Value.UNKNOWN);
            assertInstanceOf(Value.Unknown.class, r.value(), name);
            assertEquals(0, r.codes().size(), name);
        }
        OpTesting.Run r = run("max_pool2d", kw("kernel", 2), Value.UNKNOWN);
        assertInstanceOf(Value.Unknown.class, r.value());
        assertEquals(0, r.codes().size());
    }

    @Test
    void softmaxDims() {
        OpTesting.Run r = run("softmax", none(), tensor("[N, 10]"));
        assertEquals("[N, 10]", r.shape());
        assertEquals("softmax", ((Value.Tensor) r.value()).producer());
        assertEquals("[N, 10]", run("softmax", kw("dim", 1), tensor("[N, 10]")).shape());
        assertEquals("[N, 10]", run("log_softmax", kw("dim", -2), tensor("[N, 10]")).shape());
        assertEquals("log_softmax",
                ((Value.Tensor) run("log_softmax", kw("dim", 1), tensor("[N, 10]")).value()).producer());
        Diagnostic d = run("softmax", kw("dim", 2), tensor("[N, 10]")).only("E0211");
        assertTrue(d.message().contains("dimension 2"), d.message());
        assertEquals(OpTesting.argSpan(0), d.span());
        run("log_softmax", kw("dim", -3), tensor("[N, 10]")).only("E0211");
    }
}
