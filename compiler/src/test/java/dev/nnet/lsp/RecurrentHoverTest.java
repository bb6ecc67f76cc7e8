package dev.nnet.lsp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Hover on recurrent layers shows their shapes and parameters as it does for feed-forward ones. */
class RecurrentHoverTest {
    @Test
    void aBidirectionalTwoLayerGruShowsItsTupleOutputAndItsSixteenTensors() {
        String h = HoverTest.hover("recurrent/name-classifier.nnet", "|gru       = gru(");
        assertTrue(h.contains("Output: `(float[L, N, 200], float[4, N, 100])`"), h);
        // Per layer and direction 3H·in + 3H·H + 2·3H: (30,000 + 30,000 + 600)·2 + (60,000 + 30,000 + 600)·2.
        assertTrue(h.contains("Parameters: 302,400 in 16 tensors (`gru.weight_ih_l0` [300, 100], "
                + "`gru.weight_hh_l0` [300, 100], `gru.bias_ih_l0` [300], `gru.bias_hh_l0` [300], …, "
                + "`gru.bias_hh_l1_reverse` [300])"), h);
    }

    @Test
    void theModelCountsTheSeedsParameters() {
        String h = HoverTest.hover("recurrent/name-classifier.nnet", "model |RNNClassifier");
        assertTrue(h.contains("model RNNClassifier(inputs: int[N, L], seq_lengths: int[N]) -> float[N, 18]"), h);
        assertTrue(h.contains("Parameters: 318,818 in 3 layers"), h);
    }

    @Test
    void anEmbeddingAndAStackedRnnShowTheirShapesAndTensors() {
        String emb = HoverTest.hover("recurrent/hello-embedding.nnet", "|emb = embedding(");
        assertTrue(emb.contains("Output: `float[N, T, 10]`"), emb);
        assertTrue(emb.contains("Parameters: 40 (`emb.weight` [4, 10])"), emb);
        String rnn = HoverTest.hover("recurrent/hello-embedding.nnet", "x, _h = |rnn(");
        assertTrue(rnn.contains("Output: `(float[N, T, 8], float[2, N, 8])`"), rnn);
        assertTrue(rnn.contains("Parameters: 304 (`rnn.weight_ih_l0` [8, 10], "), rnn);
    }

    @Test
    void aCellSteppedByScanShowsItsParametersButNoOutputAsAnArgument() {
        String declared = HoverTest.hover("recurrent/hello-rnncell.nnet", "|rnncell = rnn_cell");
        assertTrue(declared.contains("Parameters: 40 (`rnncell.weight_ih` [4, 4], `rnncell.weight_hh` [4, 4], "
                + "`rnncell.bias_ih` [4], `rnncell.bias_hh` [4])"), declared);
        String argument = HoverTest.hover("recurrent/hello-rnncell.nnet", "scan(|rnncell");
        assertTrue(argument.contains("Parameters: 40"), argument);
        assertFalse(argument.contains("Output: `layer"), argument);
    }
}
