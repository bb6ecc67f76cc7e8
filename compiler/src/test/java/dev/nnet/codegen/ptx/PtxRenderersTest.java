package dev.nnet.codegen.ptx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.ir.Node;
import dev.nnet.ir.op.IrOp;
import dev.nnet.ir.op.Pool2d;
import dev.nnet.lower.LoweredGraph;
import dev.nnet.lower.LoweredProgram;
import dev.nnet.lower.LoweringException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The PTX backend's table covers every IR op the feed-forward samples reach (forward, backward, update, evaluation
 * and inference graphs); an op without a renderer is a clear error at its line; every launch names a kernel of its
 * module with as many arguments as the kernel has parameters.
 */
class PtxRenderersTest {
    private static List<LoweredGraph> graphs(LoweredProgram p) {
        List<LoweredGraph> graphs = new ArrayList<>();
        p.models().forEach(m -> {
            graphs.add(m.predict());
            graphs.add(m.forwardBackward());
        });
        p.trains().forEach(t -> {
            graphs.add(t.trainStep());
            graphs.add(t.eval());
        });
        return graphs;
    }

    @Test
    void everyOpOfTheFeedForwardSamplesHasAPtxRenderer() {
        Set<String> reached = new TreeSet<>();
        Set<String> missing = new TreeSet<>();
        for (Path sample : PtxSamples.feedForward()) {
            for (LoweredGraph g : graphs(PtxSamples.lower(sample))) {
                for (Node n : g.graph().nodes()) {
                    reached.add(n.op().getClass().getSimpleName());
                    if (!PtxRenderers.covered().contains(n.op().getClass())) {
                        missing.add(n.op().getClass().getSimpleName() + " (" + sample.getFileName() + ")");
                    }
                }
            }
        }
        assertEquals(Set.of(), missing, "IR ops of feed-forward samples without a PTX renderer in PtxRenderers");
        // The samples reach the families the issue names: GEMM, convolution, pooling, losses, optimizers, layout.
        for (String op : List.of("Linear", "LinearGradWeight", "Conv2d", "Conv2dGradInput", "Conv2dGradWeight",
                "Pool2d", "Pool2dGrad", "Pointwise", "Loss", "LossGrad", "SumRows", "ChannelSum", "Update",
                "Concat", "Reshape")) {
            assertTrue(reached.contains(op), op + " is not reached by any feed-forward sample: " + reached);
        }
    }

    @Test
    void theTableListsOnlyIrOpRecords() {
        for (Class<? extends IrOp> c : PtxRenderers.covered()) {
            assertTrue(c.isRecord() && IrOp.class.isAssignableFrom(c), c + " is no IR op record");
        }
    }

    @Test
    void anOpWithoutARendererIsAnErrorAtItsLineNotAStackTrace() {
        LoweredProgram p = PtxSamples.lower(PtxSamples.ROOT.resolve("samples/mnist/mnist-cnn.nnet"));
        LoweringException e = assertThrows(LoweringException.class,
                () -> PtxBackend.checkSupported(p, op -> !(op instanceof Pool2d)));
        assertEquals("the PTX backend does not support max_pool2d yet", e.getMessage());
        String line = p.source().source().line(e.span().line());
        assertTrue(line.contains("pooling("), "the error points at line " + e.span().line() + ": " + line);
        PtxBackend.checkSupported(p, PtxRenderers::supports);
    }

    @Test
    void everyLaunchNamesAKernelOfItsModuleWithItsArguments() {
        Pattern entry = Pattern.compile("\\.visible \\.entry (\\w+)\\(\\n((?:\\t\\.param [^\\n]*\\n)*)\\)");
        for (String sample : List.of("mnist-cnn", "mnist-resnet", "mnist-inception", "mnist-pool-options")) {
            LoweredProgram p = PtxSamples.lower(PtxSamples.ROOT.resolve("samples/mnist/" + sample + ".nnet"));
            for (PtxModule m : PtxBackend.modules(p)) {
                java.util.Map<String, Integer> params = new java.util.HashMap<>();
                Matcher matcher = entry.matcher(m.text());
                while (matcher.find()) {
                    params.put(matcher.group(1), (int) matcher.group(2).lines().count());
                }
                for (List<Launch> launches : m.launches().values()) {
                    for (Launch l : launches) {
                        List<Launch> all = new ArrayList<>(l.afterBlas());
                        all.add(l);
                        for (Launch one : all) {
                            assertTrue(params.containsKey(one.kernel()), sample + ": no kernel " + one.kernel());
                            assertEquals(params.get(one.kernel()) - 1, one.args().size(), sample + ": "
                                    + one.kernel() + " takes n and " + (params.get(one.kernel()) - 1) + " more");
                        }
                    }
                }
                assertEquals(params.keySet(), Set.copyOf(m.kernelNames()), sample + ": kernels never launched");
            }
        }
    }
}
