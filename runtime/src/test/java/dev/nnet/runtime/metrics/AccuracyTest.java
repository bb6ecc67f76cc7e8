package dev.nnet.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AccuracyTest {
    @Test
    void argmaxCountsRowsWhoseLargestOutputIsTheTarget() {
        float[] out = {
            9f, 9f, 9f, /* padding before off */
            0.1f, 0.7f, 0.2f,
            3f, -1f, 2f,
            0.5f, 0.5f, 0.1f, /* a tie goes to the first index, as torch.argmax does */
            1f, Float.NaN, 5f, /* NaN is the largest, as torch.argmax does */
        };
        assertEquals(4, Accuracy.correctArgmax(4, 3, out, 3, new int[] {1, 0, 0, 1}));
        assertEquals(2, Accuracy.correctArgmax(4, 3, out, 3, new int[] {1, 2, 0, 2}));
        assertEquals(0, Accuracy.correctArgmax(4, 3, out, 3, new int[] {0, 1, 1, 2}));
    }

    @Test
    void binaryComparesThresholdedOutputsWithLabels() {
        float[] probabilities = {0.9f, 0.2f, 0.5f, 0.51f};
        float[] labels = {1f, 0f, 1f, 0f};
        assertEquals(2, Accuracy.correctBinary(4, probabilities, 0, labels, Accuracy.PROBABILITY_THRESHOLD));
        float[] logits = {0f, 3f, -2f, 0.1f};
        assertEquals(2, Accuracy.correctBinary(3, logits, 1, new float[] {1f, 1f, 1f}, Accuracy.LOGIT_THRESHOLD));
    }
}
