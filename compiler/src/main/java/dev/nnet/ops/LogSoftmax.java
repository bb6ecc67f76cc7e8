package dev.nnet.ops;

/** {@code log_softmax(dim=-1)}: the logarithm of softmax, computed stably. */
final class LogSoftmax extends Softmax {
    @Override
    public String name() {
        return "log_softmax";
    }

    @Override
    public String displayName() {
        return "LogSoftmax";
    }

    @Override
    public String doc() {
        return "log(softmax(x)) along `dim`, computed stably: xᵢ − log Σⱼ exp(xⱼ). Same shape out. "
                + "Pair it with `nll`; `cross_entropy` applies it itself.";
    }
}
