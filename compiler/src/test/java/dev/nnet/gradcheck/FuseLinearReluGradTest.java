package dev.nnet.gradcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.ir.Graph;
import dev.nnet.ir.IrParser;
import dev.nnet.ir.Node;
import dev.nnet.ir.Verifier;
import dev.nnet.ir.op.Input;
import dev.nnet.ir.op.IrOp;
import dev.nnet.ir.op.LinearGradInput;
import dev.nnet.ir.op.Param;
import dev.nnet.ir.op.Pointwise;
import dev.nnet.passes.FuseLinearReluGrad;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fuse-linear-relu-grad pass, judged by the float64 reference: the gradients of a three-layer ReLU network are
 * the same doubles before and after it, and no relu_grad is left. (The float32 kernels are held to the separate
 * relu_grad loop's bits by the kernels' ReluMaskedGemmTest.)
 */
class FuseLinearReluGradTest {
    private static final String MLP = """
            graph g (batch N) {
              %0 = input x : [N, 6]  // x
              %1 = param l1.weight : [5, 6]  // l1.weight
              %2 = param l1.bias : [5]  // l1.bias
              %3 = linear(%0, %1, %2) : [N, 5]  // l1
              %4 = pointwise(%3) relu($0) : [N, 5]  // relu
              %5 = param l2.weight : [4, 5]  // l2.weight
              %6 = param l2.bias : [4]  // l2.bias
              %7 = linear(%4, %5, %6) : [N, 4]  // l2
              %8 = pointwise(%7) relu($0) : [N, 4]  // relu
              %9 = param l3.weight : [3, 4]  // l3.weight
              %10 = input dy : [N, 3]  // dy
              %11 = linear_grad_input(%10, %9) : [N, 4]  // d(l3)
              %12 = pointwise(%11, %8) relu_grad($0, $1) : [N, 4]  // d(relu)
              %13 = linear_grad_weight(%12, %4) : [4, 5]  // d(l2)
              %14 = sum_rows(%12) : [4]  // d(l2)
              %15 = linear_grad_input(%12, %5) : [N, 5]  // d(l2)
              %16 = pointwise(%15, %4) relu_grad($0, $1) : [N, 5]  // d(relu)
              %17 = linear_grad_weight(%16, %0) : [5, 6]  // d(l1)
              %18 = sum_rows(%16) : [5]  // d(l1)
              output h2 = %8
              output dw2 = %13
              output db2 = %14
              output dw1 = %17
              output db1 = %18
            }
            """;
    private static final int BATCH = 7;

    @Test
    void gradientsAreTheUnfusedOnesExactly() {
        Graph before = IrParser.parse(MLP);
        Graph after = Verifier.verify(new FuseLinearReluGrad().apply(before));
        assertEquals(2, before.nodesOf(Pointwise.class).stream().filter(FuseLinearReluGradTest::isReluGrad).count());
        assertEquals(0, after.nodesOf(Pointwise.class).stream().filter(FuseLinearReluGradTest::isReluGrad).count(),
                "no relu_grad is left");
        assertEquals(2, after.nodesOf(LinearGradInput.class).stream()
                .filter(n -> ((LinearGradInput) n.op()).relu()).count());

        Random random = new Random(5);
        Map<IrOp, double[]> byOp = new HashMap<>();
        for (Node n : before.nodes()) {
            if (n.op() instanceof Param || n.op() instanceof Input) {
                double[] v = new double[n.type().dims().stream().mapToInt(d -> (int) (long) d.substitute(
                        Map.of("N", dev.nnet.types.Dim.of(BATCH))).constant().orElseThrow()).reduce(1, (a, b) -> a * b)];
                for (int i = 0; i < v.length; i++) {
                    v[i] = random.nextDouble() * 2 - 1;
                }
                byOp.put(n.op(), v);
            }
        }
        Map<String, double[]> unfused = outputs(before, byOp);
        Map<String, double[]> fused = outputs(after, byOp);
        for (String name : before.outputs().keySet()) {
            assertArrayEquals(unfused.get(name), fused.get(name), 0.0, name);
        }
        long zeros = java.util.Arrays.stream(fused.get("h2")).filter(v -> v == 0).count();
        assertTrue(zeros > 0 && zeros < fused.get("h2").length, "the ReLU output masks some gradients, not all");
    }

    private static boolean isReluGrad(Node n) {
        return n.op().attributes().contains("relu_grad");
    }

    private static Map<String, double[]> outputs(Graph g, Map<IrOp, double[]> byOp) {
        Map<Node, double[]> leaves = new HashMap<>();
        for (Node n : g.nodes()) {
            if (n.op() instanceof Param || n.op() instanceof Input) {
                leaves.put(n, byOp.get(n.op()));
            }
        }
        Map<Node, double[]> values = new ReferenceInterpreter("N", BATCH, Map.of()).run(g.nodes(), leaves);
        Map<String, double[]> out = new HashMap<>();
        g.outputs().forEach((name, n) -> out.put(name, values.get(n)));
        return out;
    }
}
