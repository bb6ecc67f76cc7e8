package dev.nnet.runtime;

/** Running sums over an evaluation pass; generated code adds to them batch by batch. */
public final class EvalTotals {
    /** Sum of per-sample losses (a mean loss is multiplied back by the batch size). */
    public double lossSum;
    public long correct;
    public long count;

    public void reset() {
        lossSum = 0;
        correct = 0;
        count = 0;
    }

    public double meanLoss() {
        return count == 0 ? Double.NaN : lossSum / count;
    }

    /** Accuracy in percent. */
    public double accuracy() {
        return count == 0 ? Double.NaN : 100.0 * correct / count;
    }
}
