package dev.nnet.codegen.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.SourceFile;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Loss;
import dev.nnet.ir.op.LossGrad;
import dev.nnet.lower.LoweredProgram;
import dev.nnet.lower.Pipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every seed's training step computes its loss and the loss's gradient in one runtime call, and its evaluation
 * (no gradient) keeps the loss-only call. That the loss value is the same bits either way is LossParityTest's.
 */
class LossWithGradientTest {
    private static final Path ROOT = Path.of(System.getProperty("nnet.repoRoot", ".."));

    static Stream<Path> samplesWithTraining() throws Exception {
        try (Stream<Path> files = Files.walk(ROOT.resolve("samples"))) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".nnet") && !p.toString().contains("target"))
                    .sorted().toList();
            return all.stream().filter(p -> read(p).contains("train "));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samplesWithTraining")
    void eachLossIsComputedWithItsGradient(Path sample) throws Exception {
        Compilation c = Driver.compile(new SourceFile(sample.toString(), Files.readString(sample)));
        assertFalse(c.hasErrors(), sample.toString());
        for (LoweredProgram.Train train : Pipeline.lower(c).trains()) {
            List<Node> step = train.trainStep().graph().nodes();
            Map<Node, Node> pairs = LossWithGradient.pairs(step);
            List<Node> losses = step.stream().filter(n -> n.op() instanceof Loss).toList();
            assertFalse(losses.isEmpty(), sample + " has a loss");
            for (Node loss : losses) {
                Node grad = pairs.get(loss);
                assertTrue(grad != null && grad.op() instanceof LossGrad, sample + ": " + loss.label()
                        + " is not computed with its gradient");
                assertEquals(loss, pairs.get(grad));
                assertEquals(((Loss) loss.op()).kind(), ((LossGrad) grad.op()).kind());
                assertEquals(loss.inputs(), grad.inputs());
            }
            assertTrue(LossWithGradient.pairs(train.eval().graph().nodes()).isEmpty(),
                    sample + ": evaluation takes no gradient");
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
