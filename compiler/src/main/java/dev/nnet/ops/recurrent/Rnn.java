package dev.nnet.ops.recurrent;

import dev.nnet.ir.op.RecurrentCell;
import dev.nnet.ops.ParamSpec;
import dev.nnet.ops.Signature;
import dev.nnet.types.Args;
import java.util.ArrayList;
import java.util.List;

/** {@code rnn(input_size, hidden_size, num_layers=1, nonlinearity=tanh, bias=true, batch_first=false, dropout=0.0, bidirectional=false)}. */
public final class Rnn extends Recurrent {
    private static final Signature SIGNATURE;

    static {
        // PyTorch's positional order: nonlinearity follows num_layers.
        List<ParamSpec> params = new ArrayList<>(commonParams());
        params.add(3, ParamSpec.word("nonlinearity", "tanh", List.of("tanh", "relu"), "`tanh` or `relu`"));
        SIGNATURE = new Signature(params);
    }

    public Rnn() {
        super("rnn", "RNN", SIGNATURE);
    }

    @Override
    int gates() {
        return 1;
    }

    @Override
    RecurrentCell cell(Args args) {
        return args.word("nonlinearity", "tanh").equals("relu") ? RecurrentCell.RNN_RELU : RecurrentCell.RNN_TANH;
    }

    @Override
    public String doc() {
        return "An Elman RNN over a sequence: h_t = tanh(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh) (or relu). "
                + "[T, N, input_size] → (output [T, N, D·H], h_n [D·num_layers, N, H]) with D = 2 when "
                + "bidirectional; hx defaults to zeros. Parameters `weight_ih_l{k}` [H, in_k], `weight_hh_l{k}` "
                + "[H, H], `bias_ih_l{k}` and `bias_hh_l{k}` [H] per layer k, with `_reverse` twins when "
                + "bidirectional.";
    }
}
