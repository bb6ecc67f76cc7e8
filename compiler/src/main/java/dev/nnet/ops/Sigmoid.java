package dev.nnet.ops;

/** {@code sigmoid}: elementwise 1 / (1 + e^−x), squashing to (0, 1). */
final class Sigmoid extends Elementwise {
    Sigmoid() {
        super("sigmoid", "Sigmoid");
    }

    @Override
    public String doc() {
        return "Applies 1 / (1 + e^−x), squashing to (0, 1) to every element; the output has the input's shape. No parameters.";
    }
}
