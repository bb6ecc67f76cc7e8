package dev.nnet.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.Cancellation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.junit.jupiter.api.Test;

/** The scheduler's guarantees, made deterministic by checks that wait on latches instead of on time. */
class CheckSchedulerTest {
    final DocumentStore store = new DocumentStore();
    final BlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final ServerLog log = new ServerLog(new PrintStream(err, true, StandardCharsets.UTF_8));

    /** One diagnostic whose message is the text checked, so a test can tell which text a result came from. */
    static List<Diagnostic> echo(Document d) {
        Diagnostic diag = new Diagnostic();
        diag.setMessage(d.text());
        return List.of(diag);
    }

    PublishDiagnosticsParams next() throws InterruptedException {
        PublishDiagnosticsParams p = published.poll(10, TimeUnit.SECONDS);
        assertTrue(p != null, "nothing published; log: " + err.toString(StandardCharsets.UTF_8));
        return p;
    }

    @Test
    void aResultForTextEditedWhileItWasCheckedIsDroppedAndTheNewerOneIsPublished() throws Exception {
        CountDownLatch checkingFirst = new CountDownLatch(1);
        CountDownLatch edited = new CountDownLatch(1);
        Function<Document, List<Diagnostic>> check = d -> {
            if (d.version() == 1) {
                checkingFirst.countDown();
                await(edited);
            }
            return echo(d);
        };
        try (CheckScheduler scheduler = new CheckScheduler(store, check, published::add, log, 0)) {
            store.open("u", 1, "first");
            scheduler.schedule("u");
            checkingFirst.await(10, TimeUnit.SECONDS);
            store.change("u", 2, List.of(new TextDocumentContentChangeEvent("second")));
            scheduler.schedule("u");
            edited.countDown();

            PublishDiagnosticsParams p = next();
            assertEquals(2, p.getVersion());
            assertEquals("second", p.getDiagnostics().get(0).getMessage().getLeft());
            assertTrue(published.isEmpty(), "the stale result of version 1 was published: " + published);
        }
    }

    @Test
    void aCheckThatFailsIsLoggedAndOtherDocumentsAreStillChecked() throws Exception {
        Function<Document, List<Diagnostic>> check = d -> {
            if (d.uri().equals("bad")) {
                throw new IllegalStateException("checker bug");
            }
            return echo(d);
        };
        try (CheckScheduler scheduler = new CheckScheduler(store, check, published::add, log, 0)) {
            store.open("bad", 1, "x");
            scheduler.schedule("bad");
            store.open("good", 1, "y");
            scheduler.schedule("good");
            assertEquals("good", next().getUri());
            // Two check threads: the failed check of `bad` may be logged just after `good` is published.
            String expected = "checking bad (version 1) failed: java.lang.IllegalStateException: checker bug";
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!err.toString(StandardCharsets.UTF_8).contains(expected) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            String logged = err.toString(StandardCharsets.UTF_8);
            assertTrue(logged.contains(expected), logged);
        }
    }

    @Test
    void closingPublishesEmptyDiagnosticsAndNothingAfterwards() throws Exception {
        try (CheckScheduler scheduler = new CheckScheduler(store, CheckSchedulerTest::echo, published::add, log, 0)) {
            store.open("u", 1, "text");
            scheduler.schedule("u");
            assertEquals(1, next().getDiagnostics().size());
            store.close("u");
            scheduler.closed("u");
            PublishDiagnosticsParams cleared = next();
            assertEquals(List.of(), cleared.getDiagnostics());
            assertEquals(null, cleared.getVersion());
        }
    }

    /** A check that never finishes on its own: it only stops when its token cancels it. */
    static List<Diagnostic> spinUntilCancelled(Cancellation cancel) {
        while (true) {
            cancel.checkpoint();
            Thread.onSpinWait();
        }
    }

    @Test
    void aDocumentWhoseCheckNeverEndsDoesNotHoldUpTheOthersAndIsStoppedWhenClosed() throws Exception {
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch slowStopped = new CountDownLatch(1);
        BiFunction<Document, Cancellation, List<Diagnostic>> check = (d, cancel) -> {
            if (!d.uri().equals("slow")) {
                return echo(d);
            }
            slowStarted.countDown();
            try {
                return spinUntilCancelled(cancel);
            } finally {
                slowStopped.countDown();
            }
        };
        try (CheckScheduler scheduler = new CheckScheduler(store, check, published::add, log, 0)) {
            scheduler.setBudgetMs(600_000);
            store.open("slow", 1, "garbage");
            scheduler.schedule("slow");
            assertTrue(slowStarted.await(10, TimeUnit.SECONDS));
            store.open("fast", 1, "fine");
            scheduler.schedule("fast");
            assertEquals("fast", next().getUri());
            assertEquals(1, slowStopped.getCount(), "the slow check is still running");

            store.close("slow");
            scheduler.closed("slow");
            assertTrue(slowStopped.await(10, TimeUnit.SECONDS), "closing the document cancelled its check");
        }
    }

    @Test
    void aCheckThatRunsOutOfTimePublishesOneWarningInsteadOfDiagnostics() throws Exception {
        try (CheckScheduler scheduler = new CheckScheduler(store,
                (BiFunction<Document, Cancellation, List<Diagnostic>>) (d, cancel) -> spinUntilCancelled(cancel),
                published::add, log, 0)) {
            scheduler.setBudgetMs(50);
            store.open("u", 1, "garbage");
            scheduler.schedule("u");
            PublishDiagnosticsParams p = next();
            assertEquals(1, p.getDiagnostics().size());
            Diagnostic warning = p.getDiagnostics().get(0);
            assertEquals(DiagnosticSeverity.Warning, warning.getSeverity());
            assertTrue(warning.getMessage().getLeft().startsWith("nnet stopped checking this file after 50 ms"),
                    warning.getMessage().getLeft());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
