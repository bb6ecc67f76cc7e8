package dev.nnet.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CompletionCapabilities;
import org.eclipse.lsp4j.CompletionItemCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * A real client for tests: the server runs {@link NnetLanguageServer#serve} on its own thread, exactly as
 * {@code nnetc lsp} does, and the two talk JSON-RPC through in-memory pipes. (NIO pipes rather than
 * {@code PipedInputStream}, which fails once the thread that last wrote has ended.)
 */
final class LspHarness implements AutoCloseable {
    final LanguageServer server;
    final Client client = new Client();
    final ByteArrayOutputStream serverErr = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> exitStatus = new CompletableFuture<>();
    private final Pipe toServer;
    private final Pipe toClient;
    private final java.util.concurrent.Future<Void> listening;

    /** What the server sent that was not an answer: diagnostics and log messages. */
    static final class Client implements LanguageClient {
        final BlockingQueue<PublishDiagnosticsParams> diagnostics = new LinkedBlockingQueue<>();
        final List<MessageParams> logs = new CopyOnWriteArrayList<>();

        @Override
        public void publishDiagnostics(PublishDiagnosticsParams params) {
            diagnostics.add(params);
        }

        @Override
        public void logMessage(MessageParams message) {
            logs.add(message);
        }

        @Override
        public void showMessage(MessageParams message) {
            logs.add(message);
        }

        @Override
        public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams params) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void telemetryEvent(Object object) {
            // not used by the server
        }
    }

    LspHarness(long debounceMs) throws Exception {
        toServer = Pipe.open();
        toClient = Pipe.open();
        PrintStream err = new PrintStream(serverErr, true, StandardCharsets.UTF_8);
        Thread serverThread = new Thread(() -> {
            try {
                exitStatus.complete(NnetLanguageServer.serve(Channels.newInputStream(toServer.source()),
                        Channels.newOutputStream(toClient.sink()), err));
            } catch (RuntimeException e) {
                exitStatus.completeExceptionally(e);
            }
        }, "test-lsp-server");
        serverThread.setDaemon(true);
        serverThread.start();
        Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(client,
                Channels.newInputStream(toClient.source()), Channels.newOutputStream(toServer.sink()));
        listening = launcher.startListening();
        server = launcher.getRemoteProxy();

        InitializeParams init = new InitializeParams();
        CompletionItemCapabilities item = new CompletionItemCapabilities(true);
        TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
        text.setCompletion(new CompletionCapabilities(item));
        ClientCapabilities caps = new ClientCapabilities();
        caps.setTextDocument(text);
        init.setCapabilities(caps);
        JsonObject options = new JsonObject();
        options.addProperty("debounceMs", debounceMs);
        init.setInitializationOptions(options);
        server.initialize(init).get(10, TimeUnit.SECONDS);
        server.initialized(new InitializedParams());
    }

    void open(String uri, String text) {
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "nnet", 1,
                text)));
    }

    void replace(String uri, int version, Range range, String text) {
        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, version), List.of(new TextDocumentContentChangeEvent(range,
                text))));
    }

    void close(String uri) {
        server.getTextDocumentService().didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(uri)));
    }

    /** The diagnostics published for {@code uri} at {@code version}, skipping older ones. */
    PublishDiagnosticsParams awaitDiagnostics(String uri, Integer version) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            PublishDiagnosticsParams p = client.diagnostics.poll(100, TimeUnit.MILLISECONDS);
            if (p != null && p.getUri().equals(uri) && java.util.Objects.equals(p.getVersion(), version)) {
                return p;
            }
        }
        return fail("no diagnostics for " + uri + " version " + version + "; server log: " + client.logs
                + " " + serverErr.toString(StandardCharsets.UTF_8));
    }

    static Position pos(int line, int character) {
        return new Position(line, character);
    }

    static Range range(int line, int from, int toLine, int to) {
        return new Range(pos(line, from), pos(toLine, to));
    }

    /** Shuts the server down as a client must, and checks it ends with status 0. */
    @Override
    public void close() throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        try {
            server.shutdown().get(10, TimeUnit.SECONDS);
            server.exit();
            assertEquals(0, exitStatus.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the server shut down", e);
        }
        listening.cancel(true);
        closeQuietly(toServer);
        closeQuietly(toClient);
    }

    private static void closeQuietly(Pipe p) {
        try {
            p.sink().close();
            p.source().close();
        } catch (IOException e) {
            // the test is over; nothing depends on the pipe any more
        }
    }
}
