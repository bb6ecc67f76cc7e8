package dev.nnet.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.SourceFile;
import dev.nnet.ir.Graph;
import dev.nnet.passes.PassObserver;
import dev.nnet.ir.IrPrinter;
import dev.nnet.ir.Node;
import dev.nnet.ir.Verifier;
import dev.nnet.ir.op.AccumulateGrad;
import dev.nnet.ir.op.Input;
import dev.nnet.ir.op.Loss;
import dev.nnet.ir.op.Param;
import dev.nnet.ir.op.Update;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The model's own forward and backward graph on every feed-forward sample, as lowered and after the passes. */
class ForwardBackwardLoweringTest {
    private static final Path ROOT = Path.of(System.getProperty("nnet.repoRoot", ".."));

    @Test
    void forwardComesBeforeTheOutputGradientAndEveryParameterAccumulatesOnce() throws IOException {
        try (Stream<Path> files = Stream.concat(Files.list(ROOT.resolve("samples/basics")),
                Files.list(ROOT.resolve("samples/mnist")))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".nnet")).sorted().toList()) {
                Compilation c = Driver.compile(new SourceFile(p.toString(), Files.readString(p)));
                assertFalse(c.hasErrors(), p + ": " + c.diagnostics());
                for (boolean optimized : new boolean[] {false, true}) {
                    for (LoweredProgram.Model m : Pipeline.lower(c, optimized, PassObserver.NONE).models()) {
                        check(p + (optimized ? " (optimized)" : ""), m);
                    }
                }
            }
        }
    }

    private static void check(String what, LoweredProgram.Model m) {
        Graph g = Verifier.verify(m.forwardBackward().graph());
        String ir = what + "\n" + IrPrinter.print(g);
        List<Node> nodes = g.nodes();
        int seed = -1;
        Set<Node> dependsOnSeed = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n.op() instanceof Input in && in.binding().equals(LoweredProgram.OUTPUT_GRADIENT)) {
                assertEquals(-1, seed, "one output gradient\n" + ir);
                seed = i;
                dependsOnSeed.add(n);
            } else if (n.inputs().stream().anyMatch(dependsOnSeed::contains)) {
                dependsOnSeed.add(n);
            }
            assertEquals(seed >= 0, dependsOnSeed.contains(n), "node " + n + " is on the wrong side\n" + ir);
            assertFalse(n.op() instanceof Loss || n.op() instanceof Update, "no loss or optimizer\n" + ir);
        }
        Node output = g.outputs().get("output");
        assertTrue(nodes.indexOf(output) < seed, "the output is computed by the forward part\n" + ir);
        assertEquals(output.type(), g.nodes().get(seed).type(), "dOutput has the output's type\n" + ir);
        assertEquals(m.predict().graph().outputs().get("output").type(), output.type(), ir);
        List<String> params = g.nodesOf(Param.class).stream().map(n -> ((Param) n.op()).stateName()).sorted()
                .toList();
        // A .grad accumulation is an accumulate_grad node, or a gradient kernel that adds into .grad itself.
        List<String> accumulated = new java.util.ArrayList<>();
        for (Node n : nodes) {
            if (n.op() instanceof AccumulateGrad a) {
                accumulated.add(a.parameter());
                assertEquals(((Param) n.input(0).op()).stateName(), a.parameter(), ir);
                assertEquals(n.input(1), nodes.get(nodes.indexOf(n) - 1), "accumulated as soon as computed\n" + ir);
            } else if (n.op() instanceof dev.nnet.ir.op.AccumulatesInto a && a.into() != null) {
                accumulated.add(a.into());
            }
        }
        accumulated.sort(null);
        assertEquals(params, accumulated, "each parameter's gradient is accumulated once\n" + ir);
    }
}
