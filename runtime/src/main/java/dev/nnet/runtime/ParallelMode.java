package dev.nnet.runtime;

import dev.nnet.runtime.train.TrainingException;
import java.util.Locale;

/**
 * How a generated trainer spreads a training step over the kernel threads: {@code ops} (each kernel splits its own
 * work, one barrier per op) or {@code batch} (each thread runs the whole forward and backward pass on its share of
 * the batch, and the weight gradients are summed once, in thread order). A network that can split its batch is
 * compiled with the mode measured fastest for it; {@code -Dnnet.parallel=batch|ops} overrides that choice.
 */
public final class ParallelMode {
    /** The system property that overrides the compiled choice. */
    public static final String PROPERTY = "nnet.parallel";

    private ParallelMode() {
    }

    /**
     * Whether to split the batch: the property's choice, else {@code compiledChoice}.
     *
     * @throws TrainingException when the property names neither mode
     */
    public static boolean splitBatch(boolean compiledChoice) {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return compiledChoice;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "batch":
                return true;
            case "ops":
                return false;
            default:
                throw new TrainingException("system property " + PROPERTY + " is '" + value + "'; it must be "
                        + "'batch' (each thread trains on its share of the batch) or 'ops' (each kernel splits its "
                        + "work), or unset for the network's compiled choice");
        }
    }
}
