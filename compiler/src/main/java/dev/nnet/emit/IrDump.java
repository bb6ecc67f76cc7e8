package dev.nnet.emit;

import dev.nnet.Compilation;
import dev.nnet.check.TypedModel;
import dev.nnet.check.TypedTrain;
import dev.nnet.ir.IrPrinter;
import dev.nnet.lower.Lowering;

/**
 * {@code --emit=ir} and {@code --emit=ir-opt}: every function the program compiles to, as lowered or after the
 * passes: each model's inference and its forward and backward passes, then each train block's training step and
 * evaluation.
 */
public final class IrDump {
    private IrDump() {
    }

    public static String render(Compilation c, boolean optimized) {
        StringBuilder sb = new StringBuilder();
        for (TypedModel m : c.typed().models()) {
            sb.append(IrPrinter.print(Lowering.predict(m, c.source(), optimized))).append('\n');
            sb.append(IrPrinter.print(Lowering.forwardBackward(m, c.source(), optimized))).append('\n');
        }
        for (TypedTrain t : c.typed().trains()) {
            TypedModel m = c.typed().model(t.model()).orElseThrow();
            sb.append(IrPrinter.print(Lowering.trainStep(m, t.settings(), c.source(), optimized))).append('\n');
            sb.append(IrPrinter.print(Lowering.eval(m, t.settings(), c.source(), optimized))).append('\n');
        }
        return sb.toString().stripTrailing() + "\n";
    }
}
