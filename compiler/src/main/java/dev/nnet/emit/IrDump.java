package dev.nnet.emit;

import dev.nnet.ir.Graph;
import dev.nnet.ir.IrPrinter;
import dev.nnet.lower.LoweredProgram;

/**
 * {@code --emit=ir} and {@code --emit=ir-opt}: every function of the lowered program, as lowered or after the
 * passes: each model's inference and its forward and backward passes, then each train block's training step and
 * evaluation.
 */
public final class IrDump {
    private IrDump() {
    }

    public static String render(LoweredProgram program) {
        StringBuilder sb = new StringBuilder();
        for (LoweredProgram.Model m : program.models()) {
            append(sb, m.predict().graph());
            append(sb, m.forwardBackward().graph());
        }
        for (LoweredProgram.Train t : program.trains()) {
            append(sb, t.trainStep().graph());
            append(sb, t.eval().graph());
        }
        return sb.toString().stripTrailing() + "\n";
    }

    private static void append(StringBuilder sb, Graph g) {
        sb.append(IrPrinter.print(g)).append('\n');
    }
}
