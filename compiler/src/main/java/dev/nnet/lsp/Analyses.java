package dev.nnet.lsp;

import dev.nnet.Cancellation;
import dev.nnet.Driver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest analysis of each open document. Diagnostics and requests share it: a hover right after a check
 * reuses that check, and a request that arrives before the debounced check compiles the current text itself.
 */
final class Analyses {
    private final Map<String, Analysis> latest = new ConcurrentHashMap<>();
    /** The revision of each document whose check ran out of time, so requests on it fail at once. */
    private final Map<String, Long> outOfTime = new ConcurrentHashMap<>();
    private volatile long budgetMs = ServerOptions.DEFAULT_CHECK_BUDGET_MS;

    void setBudgetMs(long budgetMs) {
        this.budgetMs = budgetMs;
    }

    long budgetMs() {
        return budgetMs;
    }

    /** The analysis of exactly this revision for a request: compiled within the budget unless it is cached. */
    Analysis of(Document doc) {
        if (outOfTime.getOrDefault(doc.uri(), -1L) == doc.revision()) {
            throw new Cancellation.Cancelled(true);
        }
        return of(doc, Cancellation.withBudget(budgetMs));
    }

    /**
     * The analysis of exactly this revision, compiling it unless it is cached; throws
     * {@link Cancellation.Cancelled} when {@code cancel} stops the check.
     */
    Analysis of(Document doc, Cancellation cancel) {
        Analysis cached = latest.get(doc.uri());
        if (cached != null && cached.document().revision() == doc.revision()) {
            return cached;
        }
        Analysis fresh;
        try {
            fresh = new Analysis(doc, Driver.compile(doc.source(), cancel));
        } catch (Cancellation.Cancelled e) {
            if (e.outOfTime()) {
                outOfTime.put(doc.uri(), doc.revision());
            }
            throw e;
        }
        // Keep whichever is newer: a slow request must not replace a later check's result.
        latest.merge(doc.uri(), fresh,
                (old, now) -> old.document().revision() > now.document().revision() ? old : now);
        return fresh;
    }

    void forget(String uri) {
        latest.remove(uri);
        outOfTime.remove(uri);
    }
}
