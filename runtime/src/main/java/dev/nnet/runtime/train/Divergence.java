package dev.nnet.runtime.train;

import java.util.Locale;

/**
 * Notices a run that diverges without ever producing NaN: the seeds' lr=1000 on the MNIST CNN trains to a loss of
 * 4.9e16, then settles near 700 at chance accuracy, and ends "successfully". A loss is divergent when it is at once
 * {@link #GROWTH} times the lowest loss seen so far and {@link #ABOVE_START} times the first one: the second
 * condition keeps a converged regression (whose minimum may be 1e-10) from tripping on ordinary noise.
 */
final class Divergence {
    /** Four orders of magnitude above the running minimum. */
    static final double GROWTH = 1e4;
    /** And two above where training started. */
    static final double ABOVE_START = 1e2;

    private double first = Double.NaN;
    private double lowest = Double.POSITIVE_INFINITY;

    /** Records one batch's loss; returns why the run diverged, or null while it has not. */
    String observe(double loss, int epoch, int batch) {
        if (Double.isNaN(first)) {
            first = loss;
        }
        if (loss > GROWTH * lowest && loss > ABOVE_START * Math.abs(first) && lowest > 0) {
            return String.format(Locale.ROOT, "the loss grew to %.3g at epoch %d, batch %d: %.0e times its lowest "
                    + "(%.3g) and %.0e times where it started (%.3g). The learning rate is too large: divide it by "
                    + "10 and try again (or pass --allow-divergence to train on regardless)", loss, epoch, batch,
                    Math.pow(10, Math.floor(Math.log10(loss / lowest))), lowest,
                    Math.pow(10, Math.floor(Math.log10(loss / Math.abs(first)))), first);
        }
        lowest = Math.min(lowest, loss);
        return null;
    }
}
