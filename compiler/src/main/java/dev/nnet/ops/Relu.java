package dev.nnet.ops;

/** {@code relu}: elementwise max(0, x). */
final class Relu extends Elementwise {
    Relu() {
        super("relu", "ReLU");
    }

    @Override
    public String doc() {
        return "Applies max(0, x) to every element; the output has the input's shape. No parameters.";
    }
}
