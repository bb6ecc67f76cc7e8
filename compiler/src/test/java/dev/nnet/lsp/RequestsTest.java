package dev.nnet.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.Cancellation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.junit.jupiter.api.Test;

/** A request that throws is logged and answered with an error; the next request is served as usual. */
class RequestsTest {
    @Test
    void aFailingRequestIsAnsweredWithAnInternalErrorAndTheNextOneSucceeds() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Requests requests = new Requests(Runnable::run, new ServerLog(new PrintStream(err, true,
                StandardCharsets.UTF_8)), () -> true, () -> 2000);
        CompletableFuture<String> failed = requests.run("textDocument/hover", "file:///a.nnet", () -> {
            throw new IllegalStateException("hover bug");
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> failed.get(10, TimeUnit.SECONDS));
        ResponseErrorException response = (ResponseErrorException) e.getCause();
        assertEquals(ResponseErrorCode.InternalError.getValue(), response.getResponseError().getCode());
        assertTrue(response.getMessage().contains("textDocument/hover failed: java.lang.IllegalStateException: "
                + "hover bug"), response.getMessage());
        String logged = err.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("textDocument/hover on file:///a.nnet failed"), logged);
        assertTrue(logged.contains("at dev.nnet.lsp.RequestsTest"), "the log says where: " + logged);

        assertEquals("fine", requests.run("textDocument/hover", "file:///a.nnet", () -> "fine")
                .get(10, TimeUnit.SECONDS));
    }

    @Test
    void aRequestBeforeInitializeIsRefusedWithServerNotInitialized() throws Exception {
        NnetLanguageServer server = new NnetLanguageServer(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        HoverParams params = new HoverParams(new TextDocumentIdentifier("file:///a.nnet"), new Position(0, 0));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> server.getTextDocumentService().hover(params).get(10, TimeUnit.SECONDS));
        ResponseErrorException response = (ResponseErrorException) e.getCause();
        assertEquals(-32002, response.getResponseError().getCode());
    }

    @Test
    void aRequestWhoseDocumentRunsOutOfCheckTimeFailsSayingSo() throws Exception {
        Requests requests = new Requests(Runnable::run, new ServerLog(new PrintStream(new ByteArrayOutputStream(),
                true, StandardCharsets.UTF_8)), () -> true, () -> 2000);
        CompletableFuture<String> slow = requests.run("textDocument/hover", "file:///big.nnet", () -> {
            throw new Cancellation.Cancelled(true);
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> slow.get(10, TimeUnit.SECONDS));
        ResponseErrorException response = (ResponseErrorException) e.getCause();
        assertEquals(ResponseErrorCode.RequestFailed.getValue(), response.getResponseError().getCode());
        assertTrue(response.getMessage().contains("takes longer than 2000 ms"), response.getMessage());
    }
}
