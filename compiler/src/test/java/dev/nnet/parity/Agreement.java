package dev.nnet.parity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares nnet's numbers with PyTorch's under the parity tolerance {@code |a - b| <= 1e-6 + 1e-4·|b|}, counting
 * failures, keeping the first few and the worst element (largest {@code |a - b|} relative to what is allowed).
 *
 * <p>Where the stored reference {@code r} is only known to be within {@code e} of PyTorch's {@code b} (the grid of
 * the final weights), the check is {@code |a - r| <= 1e-6 + 1e-4·|r| - (1 + 1e-4)·e}, which implies
 * {@code |a - b| <= 1e-6 + 1e-4·|b|}: never looser than the required tolerance.
 */
final class Agreement {
    static final double ABS = 1e-6;
    static final double REL = 1e-4;
    /** The name under which {@link #check} takes the loss of each step (index = step). */
    static final String LOSS = "loss";
    private static final int LISTED = 12;

    private final String what;
    private final List<String> failures = new ArrayList<>();
    private int checked;
    private int failed;
    private double maxAbs;
    private double maxRel;
    private double worstRatio = -1;
    private String worstName;
    private int[] worstShape;
    private int worstIndex;
    private double worstActual;
    private double worstExpected;
    private double worstAllowed;

    /** @param what the values compared, for messages: {@code "mnist-cnn adam: final weights"} */
    Agreement(String what) {
        this.what = what;
    }

    /**
     * @param referenceError how far {@code expected} may be from PyTorch's own value (0 where it is exact)
     */
    void check(String name, int[] shape, int index, double actual, double expected, double referenceError) {
        checked++;
        double diff = Math.abs(actual - expected);
        double allowed = ABS + REL * Math.abs(expected) - (1 + REL) * referenceError;
        boolean ok = diff <= allowed;
        if (Double.isFinite(diff)) {
            maxAbs = Math.max(maxAbs, diff);
            if (expected != 0) {
                maxRel = Math.max(maxRel, diff / Math.abs(expected));
            }
        }
        double ratio = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff / allowed;
        if (!ok) {
            failed++;
            if (failures.size() < LISTED) {
                failures.add(describe(name, shape, index, actual, expected, allowed));
            }
        }
        if (ratio > worstRatio) {
            worstRatio = ratio;
            worstName = name;
            worstShape = shape;
            worstIndex = index;
            worstActual = actual;
            worstExpected = expected;
            worstAllowed = allowed;
        }
    }

    boolean ok() {
        return failed == 0 && checked > 0;
    }

    /** One line: how many values, the largest absolute and relative differences, and the worst element. */
    String summary() {
        return String.format("%s: %d values, max |a-b| = %.3g, max |a-b|/|b| = %.3g, worst %s", what, checked,
                maxAbs, maxRel, worstName == null ? "none" : describe(worstName, worstShape, worstIndex, worstActual,
                        worstExpected, worstAllowed));
    }

    /** The summary, and on failure the count and the first failing elements. */
    String details() {
        StringBuilder b = new StringBuilder(summary());
        if (failed > 0) {
            b.append(String.format("%n  %d of %d disagree beyond |a-b| <= 1e-6 + 1e-4·|b|", failed, checked));
            for (String f : failures) {
                b.append("\n    ").append(f);
            }
            if (failed > failures.size()) {
                b.append("\n    ...");
            }
        }
        return b.toString();
    }

    private static String describe(String name, int[] shape, int index, double actual, double expected,
                                   double allowed) {
        String element = shape.length == 1 && name.equals(LOSS) ? "loss at step " + index
                : name + Arrays.toString(unravel(index, shape)) + " (flat " + index + ")";
        return String.format("%s: nnet %s, PyTorch %s, |a-b| = %.3g, allowed %.3g", element, actual, expected,
                Math.abs(actual - expected), allowed);
    }

    private static int[] unravel(int index, int[] shape) {
        int[] at = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = index % shape[d];
            index /= shape[d];
        }
        return at;
    }
}
