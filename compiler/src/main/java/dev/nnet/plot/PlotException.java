package dev.nnet.plot;

/** A metrics log or output path that cannot be plotted; the message is for the user, as it is. */
public final class PlotException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PlotException(String message) {
        super(message, null, false, false);
    }
}
