package dev.nnet.ops.softmax;

/** {@code log_softmax(dim=-1)}: the logarithm of softmax, computed stably. */
public final class LogSoftmax extends Softmax {
    public LogSoftmax() {
        super("log_softmax", "LogSoftmax");
    }

    @Override
    public String doc() {
        return "log(softmax(x)) along `dim`, computed stably: xᵢ − log Σⱼ exp(xⱼ). Same shape out. "
                + "Pair it with `nll`; `cross_entropy` applies it itself.";
    }
}
