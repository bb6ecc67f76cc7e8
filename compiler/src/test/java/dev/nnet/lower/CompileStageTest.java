package dev.nnet.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.SourceFile;
import dev.nnet.ir.Graph;
import dev.nnet.passes.PassObserver;
import dev.nnet.ir.IrPrinter;
import dev.nnet.ir.Node;
import dev.nnet.ir.Verifier;
import dev.nnet.ir.op.Conv2d;
import dev.nnet.ir.op.Linear;
import dev.nnet.ir.op.Loss;
import dev.nnet.ir.op.LossKind;
import dev.nnet.ir.op.Pointwise;
import dev.nnet.ir.op.Pool2dGrad;
import dev.nnet.ir.op.RecurrentLayers;
import dev.nnet.ir.op.Slice;
import dev.nnet.ir.op.Update;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Lowering, autodiff and the passes on every feed-forward sample: graphs verify and fusion does its job. */
class CompileStageTest {
    private static final Path ROOT = Path.of(System.getProperty("nnet.repoRoot", ".."));

    private static Compilation compile(String sample) throws IOException {
        Path p = ROOT.resolve(sample);
        Compilation c = Driver.compile(new SourceFile(p.toString(), Files.readString(p)));
        assertTrue(!c.hasErrors(), sample + ": " + c.diagnostics());
        return c;
    }

    @Test
    void everyFeedForwardSampleLowersToVerifiedGraphs() throws IOException {
        try (Stream<Path> files = Stream.concat(Files.list(ROOT.resolve("samples/basics")),
                Files.list(ROOT.resolve("samples/mnist")))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".nnet")).sorted().toList()) {
                Compilation c = compile(ROOT.relativize(p).toString());
                for (boolean optimized : new boolean[] {false, true}) {
                    for (var t : Pipeline.lower(c, optimized, PassObserver.NONE).trains()) {
                        Graph step = Verifier.verify(t.trainStep().graph());
                        long params = step.nodesOf(dev.nnet.ir.op.Param.class).size();
                        assertEquals(params, step.nodesOf(Update.class).size(), p + ": every parameter is updated");
                        Verifier.verify(t.eval().graph());
                    }
                }
            }
        }
    }

    @Test
    void fusionFoldsActivationsAndTheResidualIntoTheConvolutions() throws IOException {
        Compilation c = compile("samples/mnist/mnist-resnet.nnet");
        Graph g = Pipeline.lower(c).trains().get(0).trainStep().graph();
        String ir = IrPrinter.print(g);
        assertTrue(g.nodesOf(Conv2d.class).stream().anyMatch(n -> ((Conv2d) n.op()).act().name().equals("RELU")), ir);
        assertEquals(2, g.nodesOf(Conv2d.class).stream().filter(n -> ((Conv2d) n.op()).residual()
                && ((Conv2d) n.op()).act().name().equals("RELU")).count(), "both blocks end in relu(conv + x)\n" + ir);
        assertFalse(ir.contains("add($0, $1)"), "no residual add is left as a loop\n" + ir);
        assertTrue(g.nodesOf(Pool2dGrad.class).stream().anyMatch(n -> n.inputs().size() == 3
                && ((Pool2dGrad) n.op()).relu()), "gradient accumulation and the relu gradient fuse into the pooling "
                + "gradient\n" + ir);
        Graph plain = Pipeline.lower(c, false, PassObserver.NONE).trains().get(0).trainStep().graph();
        assertTrue(plain.nodes().size() > g.nodes().size());
    }

    /** 8,000 chained activations once overflowed the stack in substitution; fusion now stops at a bounded size. */
    @Test
    void longElementwiseChainsLowerAndGenerateJava() {
        StringBuilder src = new StringBuilder("model Deep {\n  input x: [N, 4]\n  fc = linear(4, 2)\n  forward(x) {\n");
        src.append("    x = relu(x)\n".repeat(8000));
        src.append("    return fc(x)\n  }\n}\n");
        Compilation c = Driver.compile(new SourceFile("deep.nnet", src.toString()));
        assertTrue(!c.hasErrors(), c.diagnostics().toString());
        var lowered = Pipeline.lower(c);
        Graph predict = lowered.models().get(0).predict().graph();
        long loops = predict.nodesOf(Pointwise.class).size();
        assertTrue(loops >= 8000 / FUSED_FUNCTIONS && loops <= 8000 / FUSED_FUNCTIONS + 2, loops + " loops");
        String java = dev.nnet.codegen.java.JavaBackend.generate(lowered, "deep").get(0).toString();
        assertTrue(java.contains("Math.max(0f, Math.max(0f, "), "chains are fused");
    }

    private static final int FUSED_FUNCTIONS = 32;

    @Test
    void linearFollowedByReluBecomesOneGemmWithAnEpilogue() throws IOException {
        Compilation c = compile("samples/mnist/mnist-mlp-3.nnet");
        Graph g = Pipeline.lower(c).models().get(0).predict().graph();
        long fused = g.nodesOf(Linear.class).stream().filter(n -> ((Linear) n.op()).act().name().equals("RELU")).count();
        assertEquals(2, fused, IrPrinter.print(g));
        assertTrue(g.nodesOf(Pointwise.class).isEmpty(), IrPrinter.print(g));
    }

    @Test
    void sigmoidThenBceTrainsAsBceWithLogits() throws IOException {
        Compilation c = compile("samples/basics/diabetes.nnet");
        Graph g = Pipeline.lower(c).trains().get(0).trainStep().graph();
        Node loss = g.outputs().get("loss");
        assertEquals(LossKind.BCE_WITH_LOGITS, ((Loss) loss.op()).kind(), IrPrinter.print(g));
    }

    /** A sequence-first rnn lowers to one recurrent node whose packed output is sliced into (output, h_n). */
    @Test
    void recurrentLayersLowerWithTheirTuple() {
        Compilation c = Driver.compile(new SourceFile("rnn.nnet", """
                model M {
                  input x: [5, N, 4]
                  rnn = rnn(4, 3, num_layers=2)
                  forward(x) {
                    out, h = rnn(x)
                    return out.view(-1, 3)
                  }
                }
                """));
        assertTrue(!c.hasErrors(), c.diagnostics().toString());
        Graph g = Pipeline.lower(c).model("M").predict().graph();
        Node rnn = g.nodes().stream().filter(n -> n.op() instanceof RecurrentLayers).findFirst().orElseThrow();
        assertEquals("cell=rnn_tanh layers=2 hidden=3", rnn.op().attributes());
        assertEquals("[21*N]", rnn.type().toString(), "output [5, N, 3] then h_n [2, N, 3]");
        assertEquals("N", g.batchSymbol());
    }

    /** Dropout between stacked layers is E0003 at the layer, not ignored. */
    @Test
    void recurrentDropoutIsReported() {
        Compilation c = Driver.compile(new SourceFile("rnn.nnet", """
                model M {
                  input x: [5, N, 4]
                  rnn = rnn(4, 4, num_layers=2, dropout=0.5)
                  forward(x) {
                    out, h = rnn(x)
                    return out.view(-1, 4)
                  }
                }
                """));
        assertTrue(!c.hasErrors(), c.diagnostics().toString());
        LoweringException e = assertThrows(LoweringException.class, () -> Pipeline.lower(c));
        assertTrue(e.getMessage().startsWith("`dropout` between recurrent layers is not supported"), e.getMessage());
        assertEquals(5, e.span().line());
    }

    /** Inline data fixes a sequence length T, and the model compiles for it. */
    @Test
    void inlineDataFixesASecondSymbolicSize() {
        Compilation c = Driver.compile(new SourceFile("seq.nnet", """
                model Last {
                  input x: [N, T, 2]
                  fc = linear(2, 2)
                  forward(x) { return fc(x[:, -1, :]) }
                }
                train Last {
                  data train = tensors(x=[[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]], target=[[1.0, 2.0]])
                  loss mse
                  optimizer sgd(lr=0.1)
                  epochs 1
                }
                """));
        assertTrue(!c.hasErrors(), c.diagnostics().toString());
        Graph g = Pipeline.lower(c).model("Last").predict().graph();
        assertEquals("[N, 3, 2]", g.nodes().get(0).type().toString());
        Node slice = g.nodes().stream().filter(n -> n.op() instanceof Slice).findFirst().orElseThrow();
        assertEquals("axis=1 start=2 length=1", slice.op().attributes());
    }

    /** Buffers are sized by the batch alone: a second symbolic size is E0003 at its input, not an internal error. */
    @Test
    void aSecondSymbolicSizeIsReportedAtItsInput() {
        Compilation c = Driver.compile(new SourceFile("seq.nnet", """
                model Last {
                  input x: [N, T, 6]
                  fc = linear(6, 2)
                  forward(x) { return fc(x[:, -1, :]) }
                }
                """));
        assertTrue(!c.hasErrors(), c.diagnostics().toString());
        LoweringException e = assertThrows(LoweringException.class, () -> Pipeline.lower(c));
        assertEquals("input `x: [N, T, 6]` has the symbolic size `T` besides the batch `N`, and no inline data of a "
                + "train block fixes it; the code generator leaves only the batch to run time yet, so give `T` a value "
                + "to compile it (e.g. `[N, 20, 6]`)",
                e.getMessage());
        assertEquals(2, e.span().line());
    }

    /** Several inputs share one data row per sample: one that does not lead with the batch is E0003 at its input. */
    @Test
    void oneOfSeveralInputsNotLeadingWithTheBatchIsReportedAtIt() {
        Compilation c = Driver.compile(new SourceFile("two.nnet", """
                model Two {
                  input a: float[N, 4]
                  input b: float[3, N]
                  fc = linear(4, 3)
                  forward(a, b) {
                    return fc(a) + b.t()
                  }
                }
                """));
        assertTrue(!c.hasErrors(), c.diagnostics().toString());
        LoweringException e = assertThrows(LoweringException.class, () -> Pipeline.lower(c));
        assertEquals("input `b: [3, N]` does not lead with the batch `N`, and model `Two` has 2 inputs; the code "
                + "generator gives several inputs one data row per sample, so declare each batch-first ([N, ...]) and "
                + "transpose inside `forward` (e.g. `b.t()`)", e.getMessage());
        assertEquals(3, e.span().line());
    }
}
