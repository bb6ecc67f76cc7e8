package dev.nnet.lsp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Settings a client may pass in {@code initializationOptions}: {@code {"debounceMs": 25}}. Anything missing or
 * malformed keeps its default; options never make initialization fail.
 *
 * @param debounceMs how long the server waits after a change for the next one before it re-checks
 */
record ServerOptions(long debounceMs) {
    /** Long enough to coalesce a burst of keystrokes or a multi-cursor edit, short next to a check's cost budget. */
    static final long DEFAULT_DEBOUNCE_MS = 25;
    static final long MAX_DEBOUNCE_MS = 2_000;

    static ServerOptions defaults() {
        return new ServerOptions(DEFAULT_DEBOUNCE_MS);
    }

    static ServerOptions from(Object initializationOptions) {
        long debounce = DEFAULT_DEBOUNCE_MS;
        if (initializationOptions instanceof JsonObject o && o.has("debounceMs")) {
            JsonElement e = o.get("debounceMs");
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
                debounce = Math.max(0, Math.min(MAX_DEBOUNCE_MS, e.getAsLong()));
            }
        }
        return new ServerOptions(debounce);
    }
}
