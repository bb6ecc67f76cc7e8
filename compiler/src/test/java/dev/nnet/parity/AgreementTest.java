package dev.nnet.parity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The parity comparison itself: where its boundary lies, how the grid error tightens it, what it reports. */
class AgreementTest {
    private static final int[] SHAPE = {2, 3};

    @Test
    void acceptsDifferencesUpToTheToleranceAndNoMore() {
        double b = 0.5;
        double tol = 1e-6 + 1e-4 * b;
        Agreement at = new Agreement("at");
        at.check("w", SHAPE, 0, b + tol * 0.999, b, 0);
        assertTrue(at.ok(), at.details());
        Agreement beyond = new Agreement("beyond");
        beyond.check("w", SHAPE, 0, b - tol * 1.001, b, 0);
        assertFalse(beyond.ok());
    }

    @Test
    void theGridErrorOfTheReferenceTightensTheCheck() {
        // PyTorch's b lies within e of the stored r; a passes only if it is within tolerance of every such b.
        double r = 0.03;
        double e = 0x1.0p-22;
        double tol = 1e-6 + 1e-4 * r;
        Agreement inside = new Agreement("inside");
        inside.check("w", SHAPE, 0, r + (tol - (1 + 1e-4) * e) * 0.999, r, e);
        assertTrue(inside.ok(), inside.details());
        Agreement outside = new Agreement("outside");
        outside.check("w", SHAPE, 0, r + (tol - e * 0.5), r, e);
        assertFalse(outside.ok(), "within the tolerance of r, but not of b = r - e");
    }

    @Test
    void nanAndNothingCheckedFail() {
        Agreement nan = new Agreement("nan");
        nan.check("w", SHAPE, 0, Float.NaN, 1.0, 0);
        assertFalse(nan.ok());
        assertFalse(new Agreement("empty").ok());
    }

    @Test
    void reportsTensorIndexBothValuesAndTheWorstElement() {
        Agreement a = new Agreement("net adam: final weights");
        a.check("fc.weight", SHAPE, 1, 0.25, 0.25, 0);
        a.check("fc.weight", SHAPE, 5, 0.2501, 0.25, 0);
        a.check("fc.weight", SHAPE, 4, 0.251, 0.25, 0);
        String details = a.details();
        assertFalse(a.ok());
        assertTrue(details.contains("2 of 3 disagree"), details);
        assertTrue(details.contains("fc.weight[1, 2] (flat 5): nnet 0.2501, PyTorch 0.25"), details);
        assertTrue(details.contains("worst fc.weight[1, 1] (flat 4): nnet 0.251, PyTorch 0.25"), details);
        Agreement losses = new Agreement("net adam: losses");
        losses.check(Agreement.LOSS, new int[] {20}, 3, 2.5, 2.25, 0);
        assertTrue(losses.details().contains("loss at step 3: nnet 2.5, PyTorch 2.25"), losses.details());
    }
}
