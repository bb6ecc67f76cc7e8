package dev.nnet.ir.op;

/** An activation fused into a kernel's epilogue; the names match {@code dev.nnet.kernels.Activation}. */
public enum Act {
    NONE, RELU, SIGMOID, TANH;

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
