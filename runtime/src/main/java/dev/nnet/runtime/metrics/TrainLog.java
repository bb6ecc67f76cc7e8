package dev.nnet.runtime.metrics;

import dev.nnet.runtime.EvalTotals;
import java.util.Locale;

/**
 * The lines a training run prints, in the style of the PyTorch tutorials the language started from. Numbers always
 * use a dot for decimals, whatever the default locale.
 */
public final class TrainLog {
    private TrainLog() {
    }

    /** Every-N-batches progress, as the tutorials print it: {@code [1,   300] loss: 0.123}. */
    public static String batch(int epoch, int batch, double loss) {
        return String.format(Locale.ROOT, "[%d, %5d] loss: %.3f", epoch, batch, loss);
    }

    /** Once per epoch: {@code Epoch 3/10  loss: 0.0123}. */
    public static String epoch(int epoch, int epochs, double loss) {
        return String.format(Locale.ROOT, "Epoch %d/%d  loss: %.4f", epoch, epochs, loss);
    }

    /**
     * An evaluation pass, as PyTorch's MNIST example prints it, with what was asked for:
     * {@code Test set: Average loss: 0.0312, Accuracy: 9892/10000 (98.9%)}, or only the loss part, or only
     * {@code Test set: Accuracy: 9892/10000 (98.9%)}. The set's name starts with a capital.
     */
    public static String evaluation(String data, EvalTotals totals, boolean withLoss, boolean withAccuracy) {
        if (!withLoss && !withAccuracy) {
            throw new IllegalArgumentException("an evaluation line of " + data + " needs loss, accuracy or both");
        }
        StringBuilder line = new StringBuilder();
        line.append(capitalized(data)).append(" set: ");
        if (withLoss) {
            line.append(String.format(Locale.ROOT, "Average loss: %.4f", totals.meanLoss()));
        }
        if (withAccuracy) {
            if (withLoss) {
                line.append(", ");
            }
            line.append(String.format(Locale.ROOT, "Accuracy: %d/%d (%.1f%%)", totals.correct, totals.count,
                    totals.accuracy()));
        }
        return line.toString();
    }

    private static String capitalized(String name) {
        if (name.isEmpty()) {
            return name;
        }
        return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }
}
