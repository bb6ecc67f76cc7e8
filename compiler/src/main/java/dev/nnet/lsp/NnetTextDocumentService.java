package dev.nnet.lsp;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.TextDocumentService;

/**
 * Document sync and the per-document requests. Notifications update the store on the protocol thread, in
 * order, so a request always sees every edit sent before it; the request itself then runs on the request
 * thread against that snapshot. A request for a document that is not open answers with nothing.
 */
final class NnetTextDocumentService implements TextDocumentService {
    private final DocumentStore store;
    private final Analyses analyses;
    private final CheckScheduler scheduler;
    private final Requests requests;
    private final ServerLog log;
    private volatile boolean snippets;

    NnetTextDocumentService(DocumentStore store, Analyses analyses, CheckScheduler scheduler, Requests requests,
                            ServerLog log) {
        this.store = store;
        this.analyses = analyses;
        this.scheduler = scheduler;
        this.requests = requests;
        this.log = log;
    }

    /** Whether completion may insert snippets with tab stops; the client says so in {@code initialize}. */
    void setSnippets(boolean snippets) {
        this.snippets = snippets;
    }

    // ---- sync --------------------------------------------------------------------------------------

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        String uri = params.getTextDocument().getUri();
        notification("didOpen", uri, () -> {
            store.open(uri, params.getTextDocument().getVersion(), params.getTextDocument().getText());
            scheduler.schedule(uri);
        });
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        String uri = params.getTextDocument().getUri();
        notification("didChange", uri, () -> {
            store.change(uri, params.getTextDocument().getVersion(), params.getContentChanges());
            scheduler.schedule(uri);
        });
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        String uri = params.getTextDocument().getUri();
        notification("didClose", uri, () -> {
            store.close(uri);
            analyses.forget(uri);
            scheduler.closed(uri);
        });
    }

    @Override
    public void didSave(DidSaveTextDocumentParams params) {
        // The text is already current: every change arrived through didChange.
    }

    private void notification(String method, String uri, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException e) {
            log.error(method + " on " + uri + " failed", e);
        }
    }

    // ---- requests ----------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Hover> hover(HoverParams params) {
        return on("textDocument/hover", params.getTextDocument().getUri(), null,
                a -> Hovers.at(a, a.document().lines().offset(params.getPosition())));
    }

    @Override
    public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(
            DefinitionParams params) {
        return on("textDocument/definition", params.getTextDocument().getUri(), Either.forLeft(List.of()),
                a -> Either.forLeft(Navigation.definition(a, a.document().lines().offset(params.getPosition()))));
    }

    @Override
    public CompletableFuture<List<? extends Location>> references(ReferenceParams params) {
        boolean withDeclaration = params.getContext() == null || params.getContext().isIncludeDeclaration();
        return on("textDocument/references", params.getTextDocument().getUri(), List.of(),
                a -> Navigation.references(a, a.document().lines().offset(params.getPosition()), withDeclaration));
    }

    @Override
    public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(
            DocumentSymbolParams params) {
        return on("textDocument/documentSymbol", params.getTextDocument().getUri(), List.of(),
                a -> DocumentSymbols.of(a).stream().map(Either::<SymbolInformation, DocumentSymbol>forRight)
                        .toList());
    }

    @Override
    public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
        boolean withSnippets = snippets;
        return on("textDocument/completion", params.getTextDocument().getUri(),
                Either.forRight(new CompletionList(List.of())),
                a -> Either.forRight(new CompletionList(false, Completions.at(a,
                        a.document().lines().offset(params.getPosition()), withSnippets))));
    }

    @Override
    public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
        return on("textDocument/codeAction", params.getTextDocument().getUri(), List.of(), a -> {
            int start = a.document().lines().offset(params.getRange().getStart());
            int end = a.document().lines().offset(params.getRange().getEnd());
            return CodeActions.at(a, start, end).stream().map(Either::<Command, CodeAction>forRight).toList();
        });
    }

    /**
     * Answers a request from the analysis of the document as it is now (snapshotted here, on the protocol
     * thread), or with {@code none} when the document is not open.
     */
    private <T> CompletableFuture<T> on(String method, String uri, T none, Function<Analysis, T> body) {
        Document doc = store.get(uri).orElse(null);
        return requests.run(method, uri, () -> doc == null ? none : body.apply(analyses.of(doc)));
    }
}
