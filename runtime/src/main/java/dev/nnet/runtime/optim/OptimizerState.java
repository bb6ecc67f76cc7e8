package dev.nnet.runtime.optim;

/**
 * Names of per-parameter optimizer state, spelled as PyTorch's {@code optimizer.state_dict()} spells them, so
 * generated trainers, checkpoints and PyTorch agree on what each buffer is.
 */
public final class OptimizerState {
    /** SGD and RMSprop momentum. */
    public static final String MOMENTUM_BUFFER = "momentum_buffer";
    /** Adam's first moment. */
    public static final String EXP_AVG = "exp_avg";
    /** Adam's second moment. */
    public static final String EXP_AVG_SQ = "exp_avg_sq";
    /** Adam's running maximum of the second moment (amsgrad only). */
    public static final String MAX_EXP_AVG_SQ = "max_exp_avg_sq";
    /** RMSprop's running average of squared gradients. */
    public static final String SQUARE_AVG = "square_avg";
    /** Centered RMSprop's running average of gradients. */
    public static final String GRAD_AVG = "grad_avg";

    /** Prefix of optimizer state tensors in a checkpoint, keeping them apart from the model's parameters. */
    public static final String TENSOR_PREFIX = "optimizer.";

    private OptimizerState() {
    }

    /** The checkpoint name of one state buffer: {@code tensorName("fc.weight", EXP_AVG)} is {@code optimizer.fc.weight.exp_avg}. */
    public static String tensorName(String parameter, String state) {
        return TENSOR_PREFIX + parameter + "." + state;
    }
}
