package dev.nnet.lsp;

import dev.nnet.cli.Nnetc;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.PositionEncodingKind;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextDocumentSyncOptions;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The nnet language server: the front end's diagnostics as the user types, and hover, definition, references,
 * outline, completion and quick fixes from the same analysis. Each open file is checked on its own.
 *
 * <p>Threads: LSP4J reads messages on one thread and hands them here in order; checks run on two "nnet-check"
 * threads and requests on one "nnet-request" thread, all daemons. Every check has a time budget.
 */
public final class NnetLanguageServer implements LanguageServer, LanguageClientAware {
    private final ServerLog log;
    private final DocumentStore store = new DocumentStore();
    private final Analyses analyses = new Analyses();
    private final ExecutorService requestThread = Executors.newSingleThreadExecutor(Threads.daemon("nnet-request"));
    private final CheckScheduler scheduler;
    private final NnetTextDocumentService documents;
    private final NnetWorkspaceService workspace = new NnetWorkspaceService();
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private volatile LanguageClient client;
    private volatile boolean shutdownRequested;
    /** Requests before {@code initialize} are refused with ServerNotInitialized (-32002), as LSP requires. */
    private volatile boolean initialized;

    /** A server whose own log goes to {@code err} until a client is connected. */
    public NnetLanguageServer(PrintStream err) {
        this.log = new ServerLog(err);
        this.scheduler = new CheckScheduler(store,
                (doc, cancel) -> LspDiagnostics.convert(doc.uri(),
                        analyses.of(doc, cancel).compilation().diagnostics()),
                params -> {
                    LanguageClient c = client;
                    if (c != null) {
                        c.publishDiagnostics(params);
                    }
                }, log, ServerOptions.DEFAULT_DEBOUNCE_MS);
        this.documents = new NnetTextDocumentService(store, analyses, scheduler, new Requests(requestThread, log,
                () -> initialized, analyses::budgetMs),
                log);
    }

    /**
     * Serves one client over a pair of streams until it sends {@code exit} or closes its end, and returns the exit
     * status LSP prescribes: 0 after {@code shutdown}, 1 otherwise. {@code out} must carry nothing but protocol.
     */
    public static int serve(InputStream in, OutputStream out, PrintStream err) {
        NnetLanguageServer server = new NnetLanguageServer(err);
        ExecutorService protocolThreads = Executors.newCachedThreadPool(Threads.daemon("nnet-protocol"));
        try {
            Launcher<LanguageClient> launcher = new LSPLauncher.Builder<LanguageClient>()
                    .setLocalService(server)
                    .setRemoteInterface(LanguageClient.class)
                    .setInput(in)
                    .setOutput(out)
                    .setExecutorService(protocolThreads)
                    // Messages quote code (`fc = linear(400, 10)`); `\u003d` for `=` helps no reader of a log.
                    .configureGson(gson -> gson.disableHtmlEscaping())
                    .create();
            server.connect(launcher.getRemoteProxy());
            Future<Void> listening = launcher.startListening();
            CompletableFuture<Void> inputEnded = CompletableFuture.runAsync(() -> {
                try {
                    listening.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException e) {
                    err.println("nnet-lsp: the connection failed: " + e.getCause());
                }
            }, protocolThreads);
            CompletableFuture.anyOf(server.exited, inputEnded).join();
            listening.cancel(true);
            return server.exited.isDone() ? server.exited.join() : server.shutdownRequested ? 0 : 1;
        } finally {
            server.close();
            protocolThreads.shutdownNow();
        }
    }

    @Override
    public void connect(LanguageClient client) {
        this.client = client;
        log.connect(client);
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        ServerOptions options = ServerOptions.from(params.getInitializationOptions());
        scheduler.setDebounceMs(options.debounceMs());
        scheduler.setBudgetMs(options.checkBudgetMs());
        analyses.setBudgetMs(options.checkBudgetMs());
        initialized = true;
        documents.setSnippets(snippetSupport(params.getCapabilities()));

        ServerCapabilities caps = new ServerCapabilities();
        TextDocumentSyncOptions sync = new TextDocumentSyncOptions();
        sync.setOpenClose(true);
        sync.setChange(TextDocumentSyncKind.Incremental);
        caps.setTextDocumentSync(sync);
        caps.setPositionEncoding(PositionEncodingKind.UTF16);
        caps.setHoverProvider(true);
        caps.setDefinitionProvider(true);
        caps.setReferencesProvider(true);
        caps.setDocumentSymbolProvider(true);
        caps.setCompletionProvider(new CompletionOptions(false, List.of("(", ",", ".", "=")));
        caps.setCodeActionProvider(new CodeActionOptions(List.of(CodeActionKind.QuickFix)));
        return CompletableFuture.completedFuture(new InitializeResult(caps, new ServerInfo("nnet", Nnetc.VERSION)));
    }

    @Override
    public void initialized(InitializedParams params) {
        log.info("nnet language server " + Nnetc.VERSION + " ready");
    }

    private static boolean snippetSupport(ClientCapabilities caps) {
        return caps != null && caps.getTextDocument() != null && caps.getTextDocument().getCompletion() != null
                && caps.getTextDocument().getCompletion().getCompletionItem() != null
                && Boolean.TRUE.equals(caps.getTextDocument().getCompletion().getCompletionItem().getSnippetSupport());
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutdownRequested = true;
        close();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void exit() {
        exited.complete(shutdownRequested ? 0 : 1);
    }

    @Override
    public TextDocumentService getTextDocumentService() {
        return documents;
    }

    @Override
    public WorkspaceService getWorkspaceService() {
        return workspace;
    }

    private void close() {
        scheduler.close();
        requestThread.shutdownNow();
    }
}
