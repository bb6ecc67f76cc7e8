package dev.nnet.lsp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.PublishDiagnosticsParams;

/**
 * Re-checks a document after each change, debounced: a change within {@code debounceMs} of the previous one
 * replaces the pending check instead of adding one. Checks run one at a time on one thread, each on the newest
 * text, and a result is published only if its revision is still the document's current one and newer than the
 * last one published, so stale diagnostics never overwrite newer ones.
 */
final class CheckScheduler implements AutoCloseable {
    private final DocumentStore store;
    private final Function<Document, List<Diagnostic>> check;
    private final Consumer<PublishDiagnosticsParams> publisher;
    private final ServerLog log;
    private volatile long debounceMs;
    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("nnet-check"));
    private final Map<String, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
    /** The revision last published per document; guarded by {@code this} together with the publish itself. */
    private final Map<String, Long> published = new ConcurrentHashMap<>();

    CheckScheduler(DocumentStore store, Function<Document, List<Diagnostic>> check,
                   Consumer<PublishDiagnosticsParams> publisher, ServerLog log, long debounceMs) {
        this.store = store;
        this.check = check;
        this.publisher = publisher;
        this.log = log;
        this.debounceMs = debounceMs;
    }

    /** The client's choice from {@code initializationOptions}; applies to checks scheduled from now on. */
    void setDebounceMs(long debounceMs) {
        this.debounceMs = debounceMs;
    }

    /** Checks {@code uri} once no change has come for the debounce delay. */
    void schedule(String uri) {
        ScheduledFuture<?> next = executor.schedule(() -> run(uri), debounceMs, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> previous = pending.put(uri, next);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    /** The document was closed (and already removed from the store): drop its pending check, clear its markers. */
    void closed(String uri) {
        ScheduledFuture<?> previous = pending.remove(uri);
        if (previous != null) {
            previous.cancel(false);
        }
        synchronized (this) {
            published.remove(uri);
            publisher.accept(new PublishDiagnosticsParams(uri, List.of()));
        }
    }

    private void run(String uri) {
        Document doc = store.get(uri).orElse(null);
        if (doc == null) {
            return;
        }
        List<Diagnostic> diagnostics;
        try {
            diagnostics = check.apply(doc);
        } catch (RuntimeException | StackOverflowError e) {
            // A bug in the checker: this file keeps its last markers, the others are unaffected.
            log.error("checking " + uri + " (version " + doc.version() + ") failed", e);
            return;
        }
        publish(doc, diagnostics);
    }

    private synchronized void publish(Document doc, List<Diagnostic> diagnostics) {
        Document current = store.get(doc.uri()).orElse(null);
        if (current == null || current.revision() != doc.revision()) {
            return; // edited or closed while checking; the check of the newer text is already scheduled
        }
        Long last = published.get(doc.uri());
        if (last != null && last >= doc.revision()) {
            return;
        }
        published.put(doc.uri(), doc.revision());
        publisher.accept(new PublishDiagnosticsParams(doc.uri(), diagnostics, doc.version()));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
