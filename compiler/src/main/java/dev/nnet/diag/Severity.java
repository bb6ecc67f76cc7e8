package dev.nnet.diag;

public enum Severity {
    ERROR("error"),
    WARNING("warning");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** The lower-case word used by every rendering. */
    public String label() {
        return label;
    }
}
