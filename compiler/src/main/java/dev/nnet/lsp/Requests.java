package dev.nnet.lsp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.eclipse.lsp4j.jsonrpc.CompletableFutures;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * Runs each request off the protocol thread and contains its failures: an exception (a bug) is logged and
 * answered with an InternalError response naming the request, and the server carries on with the next one.
 * A request the client cancels before it starts is answered by LSP4J as cancelled.
 */
final class Requests {
    private final Executor executor;
    private final ServerLog log;

    Requests(Executor executor, ServerLog log) {
        this.executor = executor;
        this.log = log;
    }

    <T> CompletableFuture<T> run(String method, String uri, Supplier<T> body) {
        return CompletableFutures.computeAsync(executor, cancel -> {
            cancel.checkCanceled();
            try {
                return body.get();
            } catch (RuntimeException | StackOverflowError e) {
                if (e instanceof CompletionException || e instanceof ResponseErrorException) {
                    throw (RuntimeException) e;
                }
                log.error(method + " on " + uri + " failed", e);
                throw new ResponseErrorException(new ResponseError(ResponseErrorCode.InternalError,
                        "nnet: " + method + " failed: " + e, null));
            }
        });
    }
}
