package dev.nnet.runtime.loss;

/**
 * A loss was given values it is not defined on: a class index outside {@code [0, classes)}, a probability outside
 * {@code [0, 1]}. The message names the loss, the row and column, the value and what would fix it.
 */
public final class LossInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LossInputException(String message) {
        super(message);
    }
}
