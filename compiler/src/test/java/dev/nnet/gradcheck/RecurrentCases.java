package dev.nnet.gradcheck;

import static dev.nnet.gradcheck.CaseBuilder.N;
import static dev.nnet.gradcheck.CaseBuilder.shape;

import dev.nnet.ir.Node;
import dev.nnet.ir.op.EmbeddingLookup;
import dev.nnet.ir.op.RecurrentCell;
import dev.nnet.ir.op.RecurrentLayers;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient checks of back-propagation through time ({@link RecurrentLayers}) on odd sizes: every cell, one and two
 * layers, both directions, batch-first and sequence-first and unbatched, with and without biases, initial states
 * and packed lengths (the weighted sum covers the output and the final states); and the embedding lookup.
 */
final class RecurrentCases {
    private static final int STEPS = 5;
    private static final int INPUT = 3;

    private RecurrentCases() {
    }

    static List<GradCase> cases() {
        List<GradCase> out = new ArrayList<>();
        add(out, "rnn tanh [T,N,3] -> 4 with h0", new RecurrentLayers(RecurrentCell.RNN_TANH, 1, 4, false, false,
                true, true, false), 3);
        add(out, "rnn relu batch-first bidirectional without bias", new RecurrentLayers(RecurrentCell.RNN_RELU, 1, 3,
                true, true, false, false, false), 3);
        add(out, "gru 2 layers bidirectional with lengths", new RecurrentLayers(RecurrentCell.GRU, 2, 3, true, false,
                true, false, true), 3);
        add(out, "gru unbatched [T,3] -> 5 with h0", new RecurrentLayers(RecurrentCell.GRU, 1, 5, false, false, true,
                true, false), 2);
        add(out, "lstm 2 layers batch-first with h0, c0 and lengths", new RecurrentLayers(RecurrentCell.LSTM, 2, 3,
                false, true, true, true, true), 3);
        add(out, "lstm bidirectional without bias", new RecurrentLayers(RecurrentCell.LSTM, 1, 2, true, false, false,
                false, false), 3);
        out.add(new GradCase("embedding of [N,4] ids from 7 rows of 5", c -> c.weightedSum(
                c.op(new EmbeddingLookup(null), c.ids("ids", shape(N, 4), 7), c.param("w", shape(7, 5))))));
        // PyTorch defines the padding row's gradient as zero although the output reads it, so central differences
        // cannot check it: here no id is the padding index, and RecurrentNetworkParityTest's embed-gru has some.
        out.add(new GradCase("embedding with padding_idx 3 of ids 0..2", c -> c.weightedSum(
                c.op(new EmbeddingLookup(3L), c.ids("ids", shape(N, 5), 3), c.param("w", shape(4, 3))))));
        return out;
    }

    private static void add(List<GradCase> out, String name, RecurrentLayers op, int rank) {
        out.add(new GradCase(name, c -> {
            TensorType xType = rank == 2 ? shape(STEPS, INPUT) : op.batchFirst() ? shape(N, STEPS, INPUT)
                    : shape(STEPS, N, INPUT);
            List<Node> in = new ArrayList<>(List.of(c.param("x", xType)));
            TensorType state = op.parts(xType).get(1);
            for (int s = 0; op.initialState() && s < op.stateCount(); s++) {
                in.add(c.param(s == 0 ? "h0" : "c0", state));
            }
            if (op.lengths()) {
                in.add(c.lengths("lengths", STEPS, 2, 4));
            }
            int g = op.cell().gates() * op.hidden();
            for (int layer = 0; layer < op.layers(); layer++) {
                int features = layer == 0 ? INPUT : op.directions() * op.hidden();
                for (int d = 0; d < op.directions(); d++) {
                    String sfx = "_l" + layer + (d == 1 ? "_reverse" : "");
                    in.add(c.param("weight_ih" + sfx, shape(g, features)));
                    in.add(c.param("weight_hh" + sfx, shape(g, op.hidden())));
                    if (op.bias()) {
                        in.add(c.param("bias_ih" + sfx, shape(g)));
                        in.add(c.param("bias_hh" + sfx, shape(g)));
                    }
                }
            }
            c.weightedSum(c.op(op, in.toArray(new Node[0])));
        }));
    }
}
