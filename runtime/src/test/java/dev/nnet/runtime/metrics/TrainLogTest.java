package dev.nnet.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnet.runtime.EvalTotals;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class TrainLogTest {
    @Test
    void batchLinesAreTheTutorialsOnes() {
        assertEquals("[1,   300] loss: 0.123", TrainLog.batch(1, 300, 0.12345));
        assertEquals("[12, 12000] loss: 2.000", TrainLog.batch(12, 12000, 1.99999));
        assertEquals("[2,   300] loss: NaN", TrainLog.batch(2, 300, Double.NaN));
    }

    @Test
    void epochLines() {
        assertEquals("Epoch 3/10  loss: 0.0123", TrainLog.epoch(3, 10, 0.012345));
    }

    @Test
    void evaluationLinesShowWhatWasAskedFor() {
        EvalTotals totals = new EvalTotals();
        totals.lossSum = 312.0;
        totals.correct = 9892;
        totals.count = 10000;
        assertEquals("Test set: Average loss: 0.0312, Accuracy: 9892/10000 (98.9%)",
                TrainLog.evaluation("test", totals, true, true));
        assertEquals("Test set: Accuracy: 9892/10000 (98.9%)", TrainLog.evaluation("test", totals, false, true));
        assertEquals("Valid set: Average loss: 0.0312", TrainLog.evaluation("valid", totals, true, false));
        assertThrows(IllegalArgumentException.class, () -> TrainLog.evaluation("test", totals, false, false));
    }

    @Test
    void numbersUseADotWhateverTheLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("Epoch 1/2  loss: 0.5000", TrainLog.epoch(1, 2, 0.5));
        } finally {
            Locale.setDefault(saved);
        }
    }
}
