package dev.nnet.lsp;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * Where the server's own messages go: the client's log ({@code window/logMessage}; VS Code shows it in the
 * server's output channel) once a client is connected, standard error before that or if sending fails. Never
 * standard output, which carries the protocol.
 */
final class ServerLog {
    private final PrintStream err;
    private volatile LanguageClient client;

    ServerLog(PrintStream err) {
        this.err = err;
    }

    void connect(LanguageClient client) {
        this.client = client;
    }

    void info(String message) {
        send(MessageType.Info, message);
    }

    /** A failure the server survives: what failed, the exception and where it was thrown. */
    void error(String what, Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        send(MessageType.Error, what + ": " + t + "\n" + trace);
    }

    private void send(MessageType type, String message) {
        LanguageClient c = client;
        if (c != null) {
            try {
                c.logMessage(new MessageParams(type, message));
                return;
            } catch (RuntimeException e) {
                err.println("nnet-lsp: could not log to the client: " + e);
            }
        }
        err.println("nnet-lsp: " + message);
        err.flush();
    }
}
