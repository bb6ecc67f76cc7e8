package dev.nnet.lsp;

import dev.nnet.Cancellation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.eclipse.lsp4j.jsonrpc.CompletableFutures;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * Runs each request off the protocol thread and contains its failures: an exception (a bug) is logged and
 * answered with an InternalError response naming the request, and the server carries on with the next one.
 * A request the client cancels before it starts is answered by LSP4J as cancelled. A request before
 * {@code initialize} gets ServerNotInitialized, and one whose document takes longer than the check budget to
 * compile gets RequestFailed saying so.
 */
final class Requests {
    private final Executor executor;
    private final ServerLog log;
    private final BooleanSupplier initialized;
    private final LongSupplier budgetMs;

    Requests(Executor executor, ServerLog log, BooleanSupplier initialized, LongSupplier budgetMs) {
        this.executor = executor;
        this.log = log;
        this.initialized = initialized;
        this.budgetMs = budgetMs;
    }

    <T> CompletableFuture<T> run(String method, String uri, Supplier<T> body) {
        if (!initialized.getAsBoolean()) {
            CompletableFuture<T> refused = new CompletableFuture<>();
            refused.completeExceptionally(new ResponseErrorException(new ResponseError(
                    ResponseErrorCode.ServerNotInitialized, "nnet: " + method + " before initialize", null)));
            return refused;
        }
        return CompletableFutures.computeAsync(executor, cancel -> {
            cancel.checkCanceled();
            try {
                return body.get();
            } catch (Cancellation.Cancelled e) {
                throw new ResponseErrorException(new ResponseError(ResponseErrorCode.RequestFailed,
                        "nnet: " + method + " gave up: checking " + uri + " takes longer than "
                                + budgetMs.getAsLong() + " ms", null));
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
