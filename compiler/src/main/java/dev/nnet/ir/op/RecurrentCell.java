package dev.nnet.ir.op;

import java.util.Locale;

/** The cell a {@link RecurrentLayers} steps, with PyTorch's gate count and order (r, z, n; i, f, g, o). */
public enum RecurrentCell {
    RNN_TANH(1), RNN_RELU(1), GRU(3), LSTM(4);

    private final int gates;

    RecurrentCell(int gates) {
        this.gates = gates;
    }

    public int gates() {
        return gates;
    }

    /** The LSTM carries a cell state c besides h. */
    public boolean hasCellState() {
        return this == LSTM;
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RecurrentCell ofText(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
