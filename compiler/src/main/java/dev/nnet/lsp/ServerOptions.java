package dev.nnet.lsp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Settings a client may pass in {@code initializationOptions}: {@code {"debounceMs": 25, "checkBudgetMs": 2000}}.
 * Anything missing or malformed keeps its default; options never make initialization fail.
 *
 * @param debounceMs    how long the server waits after a change for the next one before it re-checks
 * @param checkBudgetMs how long one check of one document may run before it is stopped
 */
record ServerOptions(long debounceMs, long checkBudgetMs) {
    /** Long enough to coalesce a burst of keystrokes or a multi-cursor edit, short next to a check's cost budget. */
    static final long DEFAULT_DEBOUNCE_MS = 25;
    static final long MAX_DEBOUNCE_MS = 2_000;
    /** Checking a 1 MB file takes under 2 s; real files take milliseconds, so only garbage ever meets this. */
    static final long DEFAULT_CHECK_BUDGET_MS = 2_000;
    static final long MAX_CHECK_BUDGET_MS = 60_000;

    static ServerOptions defaults() {
        return new ServerOptions(DEFAULT_DEBOUNCE_MS, DEFAULT_CHECK_BUDGET_MS);
    }

    static ServerOptions from(Object initializationOptions) {
        return new ServerOptions(number(initializationOptions, "debounceMs", DEFAULT_DEBOUNCE_MS, 0, MAX_DEBOUNCE_MS),
                number(initializationOptions, "checkBudgetMs", DEFAULT_CHECK_BUDGET_MS, 1, MAX_CHECK_BUDGET_MS));
    }

    private static long number(Object options, String key, long fallback, long min, long max) {
        if (options instanceof JsonObject o && o.has(key)) {
            JsonElement e = o.get(key);
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
                return Math.max(min, Math.min(max, e.getAsLong()));
            }
        }
        return fallback;
    }
}
