package dev.nnet.lsp;

import dev.nnet.Driver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest analysis of each open document. Diagnostics and requests share it: a hover right after a check
 * reuses that check, and a request that arrives before the debounced check compiles the current text itself.
 */
final class Analyses {
    private final Map<String, Analysis> latest = new ConcurrentHashMap<>();

    /** The analysis of exactly this revision, compiling it unless it is cached. */
    Analysis of(Document doc) {
        Analysis cached = latest.get(doc.uri());
        if (cached != null && cached.document().revision() == doc.revision()) {
            return cached;
        }
        Analysis fresh = new Analysis(doc, Driver.compile(doc.source()));
        // Keep whichever is newer: a slow request must not replace a later check's result.
        latest.merge(doc.uri(), fresh,
                (old, now) -> old.document().revision() > now.document().revision() ? old : now);
        return fresh;
    }

    void forget(String uri) {
        latest.remove(uri);
    }
}
