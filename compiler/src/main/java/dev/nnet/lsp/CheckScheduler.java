package dev.nnet.lsp;

import dev.nnet.Cancellation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.PublishDiagnosticsParams;

/**
 * Re-checks a document after each change, debounced: a change within {@code debounceMs} of the previous one
 * replaces the pending check instead of adding one. A result is published only if its revision is still the
 * document's current one and newer than the last one published, so stale diagnostics never overwrite newer ones.
 *
 * <p>One document never starves the others: checks run on {@link #THREADS} threads, a new change cancels the
 * document's running check (its result could only be dropped), and every check has a time budget. A check that
 * runs out of time publishes one warning saying so instead of diagnostics, and the thread moves on.
 */
final class CheckScheduler implements AutoCloseable {
    private final DocumentStore store;
    /** Two: a pathological document holds one thread for at most its budget while the other serves the rest. */
    static final int THREADS = 2;

    private final BiFunction<Document, Cancellation, List<Diagnostic>> check;
    private final Consumer<PublishDiagnosticsParams> publisher;
    private final ServerLog log;
    private volatile long debounceMs;
    private volatile long budgetMs = ServerOptions.DEFAULT_CHECK_BUDGET_MS;
    private final ScheduledExecutorService executor =
            Executors.newScheduledThreadPool(THREADS, Threads.daemon("nnet-check"));
    private final Map<String, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
    /** The token of each document's running check, so a newer change can stop it. */
    private final Map<String, Cancellation> running = new ConcurrentHashMap<>();
    /** The revision last published per document; guarded by {@code this} together with the publish itself. */
    private final Map<String, Long> published = new ConcurrentHashMap<>();

    /** For checks that ignore cancellation (tests whose check is a stub). */
    CheckScheduler(DocumentStore store, Function<Document, List<Diagnostic>> check,
                   Consumer<PublishDiagnosticsParams> publisher, ServerLog log, long debounceMs) {
        this(store, (doc, cancel) -> check.apply(doc), publisher, log, debounceMs);
    }

    CheckScheduler(DocumentStore store, BiFunction<Document, Cancellation, List<Diagnostic>> check,
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

    /** The client's choice from {@code initializationOptions}; applies to checks started from now on. */
    void setBudgetMs(long budgetMs) {
        this.budgetMs = budgetMs;
    }

    /** Checks {@code uri} once no change has come for the debounce delay. */
    void schedule(String uri) {
        Cancellation obsolete = running.get(uri);
        if (obsolete != null) {
            obsolete.cancel();
        }
        ScheduledFuture<?> next = executor.schedule(() -> run(uri), debounceMs, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> previous = pending.put(uri, next);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    /** The document was closed (and already removed from the store): drop its pending check, clear its markers. */
    void closed(String uri) {
        Cancellation obsolete = running.get(uri);
        if (obsolete != null) {
            obsolete.cancel();
        }
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
        Cancellation cancel = Cancellation.withBudget(budgetMs);
        Cancellation previous = running.put(uri, cancel);
        if (previous != null) {
            previous.cancel(); // two threads: an older check of this document may still be running
        }
        try {
            diagnostics = check.apply(doc, cancel);
        } catch (Cancellation.Cancelled e) {
            if (!e.outOfTime()) {
                return; // the text changed; the check of the newer text is already scheduled
            }
            log.info("checking " + uri + " (version " + doc.version() + ") stopped after " + budgetMs + " ms");
            diagnostics = List.of(outOfTime(budgetMs));
        } catch (RuntimeException | StackOverflowError e) {
            // A bug in the checker: this file keeps its last markers, the others are unaffected.
            log.error("checking " + uri + " (version " + doc.version() + ") failed", e);
            return;
        } finally {
            running.remove(uri, cancel);
        }
        publish(doc, diagnostics);
    }

    /** What the editor shows instead of diagnostics when a check runs out of time: the file is not known good. */
    static Diagnostic outOfTime(long budgetMs) {
        return new Diagnostic(new Range(new Position(0, 0), new Position(0, 0)),
                "nnet stopped checking this file after " + budgetMs + " ms, so its problems are not shown; "
                        + "run `nnetc check` on it for the full list", DiagnosticSeverity.Warning, "nnet");
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
