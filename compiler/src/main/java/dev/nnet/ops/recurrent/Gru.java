package dev.nnet.ops.recurrent;

import dev.nnet.ir.op.RecurrentCell;
import dev.nnet.ops.Signature;
import dev.nnet.types.Args;
/** {@code gru(input_size, hidden_size, num_layers=1, bias=true, batch_first=false, dropout=0.0, bidirectional=false)}. */
public final class Gru extends Recurrent {
    private static final Signature SIGNATURE = new Signature(commonParams());

    public Gru() {
        super("gru", "GRU", SIGNATURE);
    }

    @Override
    int gates() {
        return 3;
    }

    @Override
    RecurrentCell cell(Args args) {
        return RecurrentCell.GRU;
    }

    @Override
    public String doc() {
        return "A gated recurrent unit over a sequence (reset, update and new gates): [T, N, input_size] → "
                + "(output [T, N, D·H], h_n [D·num_layers, N, H]) with D = 2 when bidirectional; hx defaults to "
                + "zeros. Parameters `weight_ih_l{k}` [3H, in_k], `weight_hh_l{k}` [3H, H], `bias_ih_l{k}` and "
                + "`bias_hh_l{k}` [3H] per layer k, with `_reverse` twins when bidirectional.";
    }
}
