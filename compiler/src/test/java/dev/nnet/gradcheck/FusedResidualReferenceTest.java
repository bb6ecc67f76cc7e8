package dev.nnet.gradcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnet.ir.Graph;
import dev.nnet.ir.IrParser;
import dev.nnet.ir.IrPrinter;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Act;
import dev.nnet.ir.op.Conv2d;
import dev.nnet.ir.op.Input;
import dev.nnet.ir.op.Param;
import dev.nnet.passes.DeadCode;
import dev.nnet.passes.FuseEpilogue;
import dev.nnet.passes.FuseResidual;
import dev.nnet.passes.PassObserver;
import dev.nnet.passes.Passes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The float64 reference reads a convolution with a fused residual and activation as the unfused graph it replaced:
 * a residual block's forward value and the ReLU gradient that reads it, before and after fuse-residual and
 * fuse-epilogue, agree exactly (the reference adds bias, taps and residual in the same order either way).
 */
class FusedResidualReferenceTest {
    private static final String BLOCK = """
            graph g (batch N) {
              %0 = input x : [N, 2, 5, 4]  // x
              %1 = input y : [N, 3, 5, 4]  // y
              %2 = param conv.weight : [2, 3, 3, 3]  // conv.weight
              %3 = param conv.bias : [2]  // conv.bias
              %4 = conv2d(%1, %2, %3) k=3x3 p=1x1 : [N, 2, 5, 4]  // conv
              %5 = pointwise(%0, %4) add($0, $1) : [N, 2, 5, 4]  // add
              %6 = pointwise(%5) relu($0) : [N, 2, 5, 4]  // relu
              %7 = input dy : [N, 2, 5, 4]  // dy
              %8 = pointwise(%7, %6) relu_grad($0, $1) : [N, 2, 5, 4]  // d(relu)
              output out = %6
              output dx = %8
            }
            """;

    @Test
    void fusedConvolutionEvaluatesAsTheAddAndReluItReplaced() {
        Graph plain = IrParser.parse(BLOCK);
        Graph fused = Passes.run(List.of(new FuseResidual(), new FuseEpilogue(), new DeadCode()), plain,
                PassObserver.NONE);
        List<Node> convs = fused.nodesOf(Conv2d.class);
        assertEquals(1, convs.size(), IrPrinter.print(fused));
        Conv2d conv = (Conv2d) convs.get(0).op();
        assertEquals(List.of(true, Act.RELU), List.of(conv.residual(), conv.act()), IrPrinter.print(fused));

        Random rnd = new Random(5);
        Map<Object, double[]> byOp = new HashMap<>();
        ReferenceInterpreter ri = new ReferenceInterpreter("N", 3, Map.of());
        for (Node n : plain.nodes()) {
            if (n.op() instanceof Input || n.op() instanceof Param) {
                double[] v = new double[ri.numel(n.type())];
                for (int i = 0; i < v.length; i++) {
                    v[i] = rnd.nextGaussian();
                }
                byOp.put(n.op(), v);
            }
        }
        Map<Node, double[]> before = ri.run(plain.nodes(), leaves(plain, byOp));
        Map<Node, double[]> after = ri.run(fused.nodes(), leaves(fused, byOp));
        for (String output : List.of("out", "dx")) {
            assertArrayEquals(before.get(plain.outputs().get(output)), after.get(fused.outputs().get(output)), 0,
                    output);
        }
    }

    private static Map<Node, double[]> leaves(Graph g, Map<Object, double[]> byOp) {
        Map<Node, double[]> leaves = new HashMap<>();
        for (Node n : g.nodes()) {
            if (byOp.containsKey(n.op())) {
                leaves.put(n, byOp.get(n.op()));
            }
        }
        return leaves;
    }
}
