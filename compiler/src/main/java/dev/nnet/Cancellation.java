package dev.nnet;

/**
 * Lets a caller stop a check that is no longer wanted (the text changed) or is taking too long (a pasted megabyte
 * in the editor). The front end polls it at rule entries of the parser, between stages and at each block use, and
 * stops by throwing {@link Cancelled}, which {@link Driver} does not catch: the caller that asked for a budget is
 * the one that knows what to do instead.
 */
public final class Cancellation {
    /** Never cancelled and without a deadline: the command line checks every file to the end. */
    public static final Cancellation NONE = new Cancellation(Long.MAX_VALUE);

    private final long budgetNanos;
    private final long deadline;
    private volatile boolean cancelled;

    private Cancellation(long budgetNanos) {
        this.budgetNanos = budgetNanos;
        this.deadline = budgetNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + budgetNanos;
    }

    /** A token that expires {@code budgetMillis} from now unless cancelled sooner. */
    public static Cancellation withBudget(long budgetMillis) {
        return new Cancellation(Math.max(0, budgetMillis) * 1_000_000L);
    }

    public void cancel() {
        cancelled = true;
    }

    /** Throws {@link Cancelled} once cancelled or past the deadline. */
    public void checkpoint() {
        if (cancelled) {
            throw new Cancelled(false);
        }
        if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0) {
            throw new Cancelled(true);
        }
    }

    public long budgetMillis() {
        return budgetNanos / 1_000_000L;
    }

    /** Thrown by {@link #checkpoint()}; cheap, since it is control flow rather than a bug to trace. */
    public static final class Cancelled extends RuntimeException {
        private final boolean outOfTime;

        public Cancelled(boolean outOfTime) {
            super(outOfTime ? "the check ran out of time" : "the check was cancelled", null, false, false);
            this.outOfTime = outOfTime;
        }

        /** True when the budget ran out; false when the caller cancelled. */
        public boolean outOfTime() {
            return outOfTime;
        }
    }
}
