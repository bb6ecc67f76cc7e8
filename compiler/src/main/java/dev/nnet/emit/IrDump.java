package dev.nnet.emit;

import dev.nnet.ir.Graph;
import dev.nnet.ir.IrPrinter;
import dev.nnet.lower.LoweredGraph;
import dev.nnet.lower.LoweredProgram;
import dev.nnet.passes.MemoryPlan;
import dev.nnet.types.Dim;
import dev.nnet.types.ElemType;

/**
 * {@code --emit=ir} and {@code --emit=ir-opt}: every function of the lowered program, as lowered or after the
 * passes: each model's inference and its forward and backward passes, then each train block's training step and
 * evaluation. After the passes, each graph is followed by its memory plan, as comments the IR parser skips.
 */
public final class IrDump {
    private IrDump() {
    }

    public static String render(LoweredProgram program, boolean withPlans) {
        StringBuilder sb = new StringBuilder();
        for (LoweredProgram.Model m : program.models()) {
            append(sb, m.predict(), withPlans);
            append(sb, m.forwardBackward(), withPlans);
        }
        for (LoweredProgram.Train t : program.trains()) {
            append(sb, t.trainStep(), withPlans);
            append(sb, t.eval(), withPlans);
        }
        return sb.toString().stripTrailing() + "\n";
    }

    private static void append(StringBuilder sb, LoweredGraph lowered, boolean withPlan) {
        sb.append(IrPrinter.print(lowered.graph()));
        if (withPlan) {
            sb.append(plan(lowered));
        }
        sb.append('\n');
    }

    /** One line per buffer: its size in elements and the values it holds, in order. */
    static String plan(LoweredGraph lowered) {
        Graph g = lowered.graph();
        StringBuilder sb = new StringBuilder("// memory plan of " + g.name() + ": " + lowered.plan().buffers().size()
                + " buffers\n");
        for (MemoryPlan.Buffer b : lowered.plan().buffers()) {
            Dim size = Dim.sym(g.batchSymbol()).times(b.perSample()).plus(b.fixed());
            sb.append("//   buffer ").append(b.index()).append(" [").append(size).append(b.elem() == ElemType.INT
                    ? " int" : "").append("]: ").append(String.join(", ", b.values().stream()
                    .map(n -> n + " " + n.label()).toList())).append('\n');
        }
        return sb.toString();
    }
}
