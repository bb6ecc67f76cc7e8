package dev.nnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nnet train} of recurrent programs: the rnn_cell seed stepped by scan, the embedding seed (a class per
 * step), and a names-like classifier (token
 * ids and lengths as two int inputs of inline data, t(), embedding, packed bidirectional 2-layer GRU, the last
 * layer's two final states) whose loss must fall; a length of 0 or past the padded length is a clear error.
 */
class RecurrentTrainTest {
    private static final String NAMES = """
            model Names {
              input inputs: int[N, L]
              input seq_lengths: int[N]

              embedding = embedding(8, 6)
              gru       = gru(6, 5, 2, bidirectional=true)
              fc        = linear(10, 3)

              forward(inputs, seq_lengths) {
                inputs = inputs.t()
                hidden = zeros(4, N, 5)
                embedding = embedding(inputs)
                _output, hidden = gru(embedding, hidden, seq_lengths)
                hidden_cat = concat([hidden[-1], hidden[-2]], dim=1)
                return fc(hidden_cat)
              }
            }

            train Names {
              data train = tensors(inputs=[[1, 2, 3, 0], [4, 5, 0, 0], [6, 7, 1, 2], [3, 3, 0, 0], [2, 0, 0, 0],
                                           [5, 6, 7, 0]],
                                   seq_lengths=LENGTHS,
                                   target=[0, 1, 2, 1, 0, 2])
              batch 3 shuffle
              loss cross_entropy
              optimizer adam(lr=0.05)
              epochs 40
              log every 10 epochs
            }
            """;

    @TempDir
    Path work;

    @Test
    void helloRnnCellTrains() {
        Path cell = Path.of(System.getProperty("nnet.repoRoot", "..")).resolve("samples/recurrent/hello-rnncell.nnet");
        List<Double> losses = losses(NnetCommandTest.nnet("train", cell.toString()), 15);
        for (int i = 1; i < losses.size(); i++) {
            assertTrue(losses.get(i) < losses.get(i - 1), losses.toString());
        }
        assertTrue(losses.get(14) < 0.6 * losses.get(0), losses.toString());
    }

    /** Token ids as an int input (T from the inline data), a class per step: the loss falls every epoch. */
    @Test
    void helloEmbeddingTrains() {
        Path emb = Path.of(System.getProperty("nnet.repoRoot", "..")).resolve("samples/recurrent/hello-embedding.nnet");
        List<Double> losses = losses(NnetCommandTest.nnet("train", emb.toString()), 15);
        for (int i = 1; i < losses.size(); i++) {
            assertTrue(losses.get(i) < losses.get(i - 1), losses.toString());
        }
        assertTrue(losses.get(14) < 0.2 * losses.get(0), losses.toString());
    }

    @Test
    void aNamesLikeClassifierTrainsOnPackedSequences() throws IOException {
        NnetCommandTest.Run r = NnetCommandTest.nnet("train", program("[3, 2, 4, 2, 1, 3]").toString());
        List<Double> losses = losses(r, 4);
        assertTrue(losses.get(3) < 0.05 && losses.get(3) < losses.get(0) / 10, r.out());
    }

    @Test
    void aLengthPastThePaddingIsAClearError() throws IOException {
        NnetCommandTest.Run r = NnetCommandTest.nnet("train", program("[3, 2, 5, 2, 1, 3]").toString());
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("has length 5; each length must be between 1 and the padded length 4"), r.err());
    }

    @Test
    void aLengthOfZeroIsAClearError() throws IOException {
        NnetCommandTest.Run r = NnetCommandTest.nnet("train", program("[3, 2, 4, 0, 1, 3]").toString());
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("has length 0; each length must be between 1 and the padded length 4"), r.err());
    }

    private Path program(String lengths) throws IOException {
        Path p = work.resolve("names.nnet");
        Files.writeString(p, NAMES.replace("LENGTHS", lengths));
        return p;
    }

    private static List<Double> losses(NnetCommandTest.Run r, int epochs) {
        assertEquals(0, r.status(), r.err());
        List<Double> losses = r.out().lines().filter(l -> l.startsWith("Epoch "))
                .map(l -> Double.parseDouble(l.substring(l.indexOf("loss: ") + 6).trim())).toList();
        assertEquals(epochs, losses.size(), r.out());
        return losses;
    }
}
