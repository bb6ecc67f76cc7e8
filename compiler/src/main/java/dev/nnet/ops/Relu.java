package dev.nnet.ops;

/** {@code relu}: elementwise max(0, x). */
final class Relu extends Elementwise {
    @Override
    public String name() {
        return "relu";
    }

    @Override
    public String displayName() {
        return "ReLU";
    }

    @Override
    public String doc() {
        return "Applies max(0, x) to every element; the output has the input's shape. No parameters.";
    }
}
