package dev.nnet.ops;

import java.util.List;

/**
 * A learnable tensor a layer owns, named and laid out exactly as in PyTorch's {@code state_dict}, with the default
 * initialization PyTorch gives it (each op defines its own, like its parameters).
 */
public record ParamTensor(String name, List<Long> shape, Init init) {
    /** PyTorch's default initialization of one tensor. */
    public sealed interface Init {
        /** {@code nn.Linear}/{@code nn.Conv*d}: Kaiming-uniform weights, fan-in uniform biases (by name). */
        record ByName() implements Init {
        }

        /** {@code nn.RNN}/{@code GRU}/{@code LSTM} and their cells: every tensor uniform in ±1/sqrt(hidden_size). */
        record UniformHidden(long hiddenSize) implements Init {
        }

        /** {@code nn.Embedding}: standard normal, with the padding row zero. */
        record StandardNormal(Long paddingRow) implements Init {
        }
    }

    public static final Init BY_NAME = new Init.ByName();

    public ParamTensor {
        shape = List.copyOf(shape);
    }

    public ParamTensor(String name, List<Long> shape) {
        this(name, shape, BY_NAME);
    }

    public static ParamTensor of(String name, long... shape) {
        return new ParamTensor(name, java.util.Arrays.stream(shape).boxed().toList());
    }

    /** The same tensor with another default initialization. */
    public ParamTensor initialized(Init rule) {
        return new ParamTensor(name, shape, rule);
    }

    /** The same tensor under the path of the layer that owns it, e.g. {@code gru.weight_ih_l0}. */
    public ParamTensor under(String path) {
        return new ParamTensor(path + "." + name, shape, init);
    }

    public long count() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
