package dev.nnet.ops;

/** {@code tanh}: elementwise the hyperbolic tangent, squashing to (−1, 1). */
final class Tanh extends Elementwise {
    Tanh() {
        super("tanh", "Tanh");
    }

    @Override
    public String doc() {
        return "Applies the hyperbolic tangent, squashing to (−1, 1) to every element; the output has the input's shape. No parameters.";
    }
}
