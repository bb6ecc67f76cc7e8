package dev.nnet.ops;

import static dev.nnet.ops.OpTesting.kw;
import static dev.nnet.ops.OpTesting.none;
import static dev.nnet.ops.OpTesting.run;
import static dev.nnet.ops.OpTesting.tensor;
import static dev.nnet.ops.OpTesting.tuple;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.diag.Diagnostic;
import dev.nnet.types.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossTest {
    @Test
    void crossEntropyTakesIndexTargets() {
        assertEquals("[]", run("cross_entropy", none(), tensor("[N, 10]"), tensor("int[N]")).shape());
        assertEquals("[]", run("cross_entropy", kw("reduction", "sum"), tensor("[N, 10]"), tensor("int[N]")).shape());
        assertEquals("[N]", run("cross_entropy", kw("reduction", "none"), tensor("[N, 10]"), tensor("int[N]"))
                .shape());
        assertEquals("[]", run("cross_entropy", none(), tensor("[10]"), tensor("int[]")).shape());
        assertEquals("[N, H, W]", run("cross_entropy", kw("reduction", "none"), tensor("[N, 21, H, W]"),
                tensor("int[N, H, W]")).shape());
        assertEquals("[N]", run("cross_entropy", kw("reduction", "none"), tensor("[N, 10]"), tensor("[N, 10]"))
                .shape());
        assertEquals("LOSS", OpTesting.op("cross_entropy").kind().name());
    }

    @Test
    void crossEntropyTargetShapeIsE0208() {
        Diagnostic d = run("cross_entropy", none(), tensor("[N, 10]"), tensor("[N, 1]")).only("E0208");
        assertEquals("`cross_entropy` expects a target of shape int[N] for input [N, 10], found [N, 1]",
                d.message());
        assertEquals(RecordingContext.inputSpanAt(1), d.span());
        Diagnostic i = run("cross_entropy", none(), tensor("[N, 10]"), tensor("int[N, 1]")).only("E0208");
        assertTrue(i.help() != null && i.help().contains("int[N]"), String.valueOf(i.help()));
        run("cross_entropy", none(), tensor("[N, 10]"), tensor("int[M]")).only("E0208");
    }

    @Test
    void floatIndicesAreE0206() {
        run("cross_entropy", none(), tensor("[N, 10]"), tensor("[N]")).only("E0206");
        run("nll", none(), tensor("[N, 10]"), tensor("[N]")).only("E0206");
        run("nll", none(), tensor("[N, 10]"), tensor("[N, 10]")).only("E0206");
    }

    @Test
    void modelOutputThatCannotFeedTheLossIsE0209() {
        Diagnostic d = run("cross_entropy", none(), tuple(tensor("[N, 10]"), tensor("[N, 4]")), tensor("int[N]"))
                .only("E0209");
        assertTrue(d.message().contains("cannot feed `cross_entropy`"), d.message());
        assertEquals(RecordingContext.inputSpanAt(0), d.span());
        run("cross_entropy", none(), tensor("int[N, 10]"), tensor("int[N]")).only("E0209");
        run("nll", none(), tensor("[]"), tensor("int[]")).only("E0209");
        run("mse", none(), tensor("int[N, 1]"), tensor("[N, 1]")).only("E0209");
    }

    @Test
    void warnsWhenTheModelAlreadyNormalises() {
        OpTesting.Run r = run("cross_entropy", none(), tensor("[N, 10]", "softmax"), tensor("int[N]"));
        Diagnostic d = r.only("W0303");
        assertTrue(d.message().contains("cross_entropy applies log_softmax itself"), d.message());
        assertTrue(d.help().contains("logits"), d.help());
        assertEquals("[]", ((Value.Tensor) r.value()).type().toString());
        run("cross_entropy", none(), tensor("[N, 10]", "log_softmax"), tensor("int[N]")).only("W0303");
        run("nll", none(), tensor("[N, 10]", "softmax"), tensor("int[N]")).only("W0303");
        assertEquals(List.of(), run("nll", none(), tensor("[N, 10]", "log_softmax"), tensor("int[N]")).codes());
        run("bce_with_logits", none(), tensor("[N, 1]", "sigmoid"), tensor("[N, 1]")).only("W0303");
        assertEquals(List.of(), run("bce", none(), tensor("[N, 1]", "sigmoid"), tensor("[N, 1]")).codes());
        assertEquals(List.of(), run("cross_entropy", none(), tensor("[N, 10]", "linear"), tensor("int[N]")).codes());
    }

    @Test
    void elementwiseLossesNeedEqualFloatShapes() {
        for (String loss : new String[] {"mse", "bce", "bce_with_logits"}) {
            assertEquals("[]", run(loss, none(), tensor("[N, 1]"), tensor("[N, 1]")).shape());
            assertEquals("[N, 1]", run(loss, kw("reduction", "none"), tensor("[N, 1]"), tensor("[N, 1]")).shape());
            Diagnostic d = run(loss, none(), tensor("[N, 1]"), tensor("[N]")).only("E0208");
            assertEquals("`" + loss + "` expects a target of shape [N, 1] for input [N, 1], found [N]", d.message());
            run(loss, none(), tensor("[N, 1]"), tensor("int[N, 1]")).only("E0207");
        }
    }

    @Test
    void poisonedTargetIsSilent() {
        OpTesting.Run r = run("mse", none(), tensor("[N, 1]"), Value.UNKNOWN);
        assertInstanceOf(Value.Unknown.class, r.value());
        assertEquals(0, r.codes().size());
    }
}
