package dev.nnet.ops;

import static dev.nnet.ops.OpTesting.describe;
import static dev.nnet.ops.OpTesting.kw;
import static dev.nnet.ops.OpTesting.none;
import static dev.nnet.ops.OpTesting.run;
import static dev.nnet.ops.OpTesting.tensor;
import static dev.nnet.ops.OpTesting.tuple;
import static dev.nnet.ops.OpTesting.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.diag.Diagnostic;
import dev.nnet.types.Dim;
import dev.nnet.types.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerOpsTest {
    private static long params(String op, java.util.Map<String, Value> args) {
        Op o = OpTesting.op(op);
        return o.parameters(OpTesting.bind(o, args)).stream().mapToLong(ParamTensor::count).sum();
    }

    @Test
    void parameterCountsMatchPyTorch() {
        assertEquals(3210, params("linear", kw("in_features", 320, "out_features", 10)));
        assertEquals(260, params("conv2d", kw("in_channels", 1, "out_channels", 10, "kernel_size", 5)));
        assertEquals(12800, params("embedding", kw("num_embeddings", 128, "embedding_dim", 100)));
        assertEquals(302400, params("gru",
                kw("input_size", 100, "hidden_size", 100, "num_layers", 2, "bidirectional", true)));
        assertEquals((10 * 8 + 8 * 8 + 16) + (8 * 8 + 8 * 8 + 16),
                params("rnn", kw("input_size", 10, "hidden_size", 8, "num_layers", 2)));
        assertEquals(304, params("rnn", kw("input_size", 10, "hidden_size", 8, "num_layers", 2)));
        assertEquals(160, params("lstm", kw("input_size", 4, "hidden_size", 4)));
        assertEquals(32, params("batch_norm", kw("num_features", 16)));
        assertEquals(0, params("batch_norm", kw("num_features", 16, "affine", false)));
        assertEquals(40, params("rnn_cell", kw("input_size", 4, "hidden_size", 4)));
        assertEquals(32, params("rnn_cell", kw("input_size", 4, "hidden_size", 4, "bias", false)));
        assertEquals(2 * (4 * 8 * (8 + 8)), params("lstm", kw("input_size", 8, "hidden_size", 8, "bias", false,
                "bidirectional", true)));
    }

    @Test
    void recurrentParameterNamesAndLayoutsFollowStateDict() {
        Op gru = OpTesting.op("gru");
        List<ParamTensor> ps = gru.parameters(OpTesting.bind(gru,
                kw("input_size", 100, "hidden_size", 100, "num_layers", 2, "bidirectional", true)));
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"),
                ps.stream().map(ParamTensor::name).toList());
        assertEquals(List.of(300L, 100L), ps.get(0).shape());
        assertEquals(List.of(300L, 200L), ps.get(8).shape());
        assertEquals(List.of(300L), ps.get(10).shape());
        assertEquals("nonlinearity", OpTesting.op("rnn").signature().params().get(3).name());
    }

    @Test
    void batchNormInfersChannels() {
        OpTesting.Run r = run("batch_norm", none(), tensor("[N, 16, 12, 12]"));
        assertEquals("[N, 16, 12, 12]", r.shape());
        assertEquals(32, r.paramCount());
        assertEquals(List.of("weight", "bias"), r.paramNames());
        assertEquals("[N, 64]", run("batch_norm", kw("num_features", 64), tensor("[N, 64]")).shape());
        assertEquals("[N, 64, L]", run("batch_norm", kw("num_features", 64), tensor("[N, 64, L]")).shape());
        Diagnostic d = run("batch_norm", "bn", kw("num_features", 16), tensor("[N, 8, 4, 4]")).only("E0201");
        assertTrue(d.message().contains("`bn`") && d.message().contains("16"), d.message());
        run("batch_norm", kw("num_features", 16), tensor("[N, 16, 4, 4, 4]")).only("E0210");
        run("batch_norm", none(), tensor("[N, C, 4, 4]")).only("E0117");
    }

    @Test
    void embeddingLooksUpIndices() {
        OpTesting.Run r = run("embedding", kw("num_embeddings", 128, "embedding_dim", 100), tensor("int[N, T]"));
        assertEquals("[N, T, 100]", r.shape());
        assertEquals(12800, r.paramCount());
        assertEquals("[100]", run("embedding", kw("num_embeddings", 128, "embedding_dim", 100),
                tensor("int[]")).shape());
        Diagnostic d = run("embedding", "emb", kw("num_embeddings", 128, "embedding_dim", 100), tensor("[N, T]"))
                .only("E0206");
        assertEquals("embedding `emb` needs integer indices, found float tensor [N, T]", d.message());
        run("embedding", kw("num_embeddings", 128, "embedding_dim", 100, "padding_idx", 128), tensor("int[N, T]"))
                .only("E0112");
        run("embedding", kw("num_embeddings", 128, "embedding_dim", 100, "padding_idx", 0), tensor("int[N, T]"))
                .type();
    }

    @Test
    void rnnCell() {
        OpTesting.Run r = run("rnn_cell", kw("hidden_size", 4), tensor("[N, 4]"));
        assertEquals("[N, 4]", r.shape());
        assertEquals(40, r.paramCount());
        assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"), r.paramNames());
        assertEquals("[N, 8]", run("rnn_cell", kw("input_size", 4, "hidden_size", 8), tensor("[N, 4]"),
                tensor("[N, 8]")).shape());
        assertEquals("[8]", run("rnn_cell", kw("input_size", 4, "hidden_size", 8), tensor("[4]")).shape());
        Diagnostic d = run("rnn_cell", kw("input_size", 4, "hidden_size", 8), tensor("[N, 4]"), tensor("[N, 5]"))
                .only("E0215");
        assertTrue(d.message().contains("[N, 8]"), d.message());
        run("rnn_cell", kw("input_size", 5, "hidden_size", 8), tensor("[N, 4]")).only("E0201");
        run("rnn_cell", kw("hidden_size", 8), tensor("[N, T, 4]")).only("E0210");
    }

    @Test
    void rnnAndGruReturnOutputAndFinalState() {
        Value v = run("rnn", kw("input_size", 10, "hidden_size", 8, "num_layers", 2), tensor("[T, N, 10]")).value();
        Value.Seq s = assertInstanceOf(Value.Seq.class, v);
        assertTrue(s.tuple());
        assertEquals("([T, N, 8], [2, N, 8])", describe(v));
        assertEquals("([N, T, 200], [4, N, 100])", describe(run("gru", kw("hidden_size", 100, "num_layers", 2,
                "bidirectional", true, "batch_first", true), tensor("[N, T, 100]")).value()));
        assertEquals("([T, 16], [2, 8])", describe(run("rnn", kw("input_size", 10, "hidden_size", 8,
                "bidirectional", true), tensor("[T, 10]")).value()));
    }

    @Test
    void lstmNestsHiddenAndCellState() {
        OpTesting.Run r = run("lstm", kw("input_size", 4, "hidden_size", 4), tensor("[T, N, 4]"));
        Value.Seq outer = assertInstanceOf(Value.Seq.class, r.value());
        assertEquals(2, outer.items().size());
        Value.Seq states = assertInstanceOf(Value.Seq.class, outer.items().get(1));
        assertTrue(states.tuple());
        assertEquals("([T, N, 4], ([1, N, 4], [1, N, 4]))", describe(r.value()));
        assertEquals(0, r.codes().size());
        OpTesting.Run withState = run("lstm", kw("input_size", 4, "hidden_size", 4), tensor("[T, N, 4]"),
                tuple(tensor("[1, N, 4]"), tensor("[1, N, 4]")));
        assertEquals(0, withState.codes().size());
        assertEquals("([T, N, 4], ([1, N, 4], [1, N, 4]))", describe(withState.value()));
    }

    @Test
    void recurrentInputErrors() {
        run("gru", kw("hidden_size", 8), tensor("[N, C, H, W]")).only("E0210");
        run("gru", kw("input_size", 10, "hidden_size", 8), tensor("[T, N, 12]")).only("E0201");
        run("lstm", kw("hidden_size", 8), tensor("int[T, N, 12]")).only("E0207");
        run("lstm", kw("hidden_size", 8), tensor("[T, N, S]")).only("E0117");
    }

    @Test
    void recurrentHiddenStateErrors() {
        Diagnostic d = run("gru", kw("input_size", 100, "hidden_size", 100, "num_layers", 2, "bidirectional", true),
                tensor("[T, N, 100]"), tensor("[2, N, 100]")).only("E0215");
        assertTrue(d.message().contains("[4, N, 100]") && d.message().contains("[2, N, 100]"), d.message());
        assertEquals(RecordingContext.inputSpanAt(1), d.span());
        run("gru", kw("hidden_size", 100, "batch_first", true), tensor("[N, T, 100]"), tensor("[N, 1, 100]"))
                .only("E0215");
        assertEquals(List.of(), run("gru", kw("hidden_size", 100, "batch_first", true), tensor("[N, T, 100]"),
                tensor("[1, N, 100]")).codes());
        run("lstm", kw("hidden_size", 4), tensor("[T, N, 4]"), tensor("[1, N, 4]")).only("E0215");
        run("lstm", kw("hidden_size", 4), tensor("[T, N, 4]"), tuple(tensor("[1, N, 4]"), tensor("[1, N, 5]")))
                .only("E0215");
        Diagnostic sym = run("rnn", kw("hidden_size", 4), tensor("[T, N, 4]"), tensor("[1, B, 4]")).only("E0215");
        assertTrue(sym.notes().stream().anyMatch(n -> n.contains("B") && n.contains("N")), sym.notes().toString());
    }

    @Test
    void packedSequenceLengths() {
        assertEquals("([T, N, 8], [1, N, 8])", describe(run("gru", kw("hidden_size", 8), tensor("[T, N, 4]"),
                tensor("[1, N, 8]"), tensor("int[N]")).value()));
        run("gru", kw("hidden_size", 8), tensor("[T, N, 4]"), tensor("[1, N, 8]"), tensor("[N]")).only("E0206");
        run("gru", kw("hidden_size", 8), tensor("[T, N, 4]"), tensor("[1, N, 8]"), tensor("int[T]")).only("E0210");
        run("gru", kw("hidden_size", 8), tensor("[T, 4]"), tensor("[1, 8]"), tensor("int[1]")).only("E0210");
    }

    @Test
    void recurrentConfigurationRanges() {
        run("lstm", kw("hidden_size", 4, "num_layers", 0), tensor("[T, N, 4]")).only("E0112");
        run("lstm", kw("hidden_size", 4, "dropout", 1.5), tensor("[T, N, 4]")).only("E0112");
    }

    @Test
    void macsPerSample() {
        Op lstm = OpTesting.op("lstm");
        Dim macs = lstm.macs(OpTesting.bind(lstm, kw("input_size", 4, "hidden_size", 4)),
                List.of(type("[T, N, 4]")), type("[T, N, 4]"));
        assertEquals(OpTesting.dim("128*T"), macs);
        Op gru = OpTesting.op("gru");
        Dim g = gru.macs(OpTesting.bind(gru, kw("input_size", 100, "hidden_size", 100, "num_layers", 2,
                "bidirectional", true, "batch_first", true)), List.of(type("[N, 50, 100]")), type("[N, 50, 200]"));
        assertEquals(Dim.of(50L * 2 * (300 * 200 + 300 * 300)), g);
        Op cell = OpTesting.op("rnn_cell");
        assertEquals(Dim.of(4 * 12), cell.macs(OpTesting.bind(cell, kw("input_size", 8, "hidden_size", 4)),
                List.of(type("[N, 8]")), type("[N, 4]")));
        Op pool = OpTesting.op("max_pool2d");
        assertEquals(Dim.of(0), pool.macs(OpTesting.bind(pool, kw("kernel", 2)), List.of(type("[N, 1, 4, 4]")),
                type("[N, 1, 2, 2]")));
    }
}
