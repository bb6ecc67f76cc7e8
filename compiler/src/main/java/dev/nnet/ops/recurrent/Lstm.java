package dev.nnet.ops.recurrent;

import dev.nnet.ir.op.RecurrentCell;
import dev.nnet.ops.Signature;
import dev.nnet.types.Args;
/** {@code lstm(input_size, hidden_size, num_layers=1, bias=true, batch_first=false, dropout=0.0, bidirectional=false)}. */
public final class Lstm extends Recurrent {
    private static final Signature SIGNATURE = new Signature(commonParams());

    public Lstm() {
        super("lstm", "LSTM", SIGNATURE);
    }

    @Override
    boolean hasCellState() {
        return true;
    }

    @Override
    int gates() {
        return 4;
    }

    @Override
    RecurrentCell cell(Args args) {
        return RecurrentCell.LSTM;
    }

    @Override
    public String doc() {
        return "A long short-term memory over a sequence (input, forget, cell and output gates): "
                + "[T, N, input_size] → (output [T, N, D·H], (h_n, c_n) each [D·num_layers, N, H]) with D = 2 when "
                + "bidirectional; hx is the pair (h_0, c_0) and defaults to zeros. Parameters `weight_ih_l{k}` "
                + "[4H, in_k], `weight_hh_l{k}` [4H, H], `bias_ih_l{k}` and `bias_hh_l{k}` [4H] per layer k, with "
                + "`_reverse` twins when bidirectional.";
    }
}
