package dev.nnet.lsp;

import dev.nnet.diag.SourceFile;
import java.net.URI;

/**
 * One open file at one moment. Immutable: every edit makes a new one. {@code version} is the client's number,
 * echoed back when publishing; {@code revision} is the server's own, strictly increasing across all documents,
 * so "is this result still current?" never depends on what the client sends.
 */
record Document(String uri, int version, long revision, String text, LineMap lines) {
    Document(String uri, int version, long revision, String text) {
        this(uri, version, revision, text, new LineMap(text));
    }

    /** The text as the front end sees it, named by its file path when the URI has one. */
    SourceFile source() {
        return new SourceFile(displayPath(uri), text);
    }

    static String displayPath(String uri) {
        try {
            URI parsed = URI.create(uri);
            return "file".equals(parsed.getScheme()) && parsed.getPath() != null ? parsed.getPath() : uri;
        } catch (IllegalArgumentException e) {
            return uri;
        }
    }
}
