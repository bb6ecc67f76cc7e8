package dev.nnet.lsp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;

/**
 * The open documents, by URI. Notifications arrive one at a time on the protocol thread, which is the only
 * writer; checks and requests read snapshots from any thread.
 */
final class DocumentStore {
    private final Map<String, Document> open = new ConcurrentHashMap<>();
    private final AtomicLong revisions = new AtomicLong();

    Document open(String uri, int version, String text) {
        Document d = new Document(uri, version, revisions.incrementAndGet(), text);
        open.put(uri, d);
        return d;
    }

    /**
     * Applies a {@code didChange}'s edits in order: each range refers to the text left by the previous one, as the
     * protocol says; an edit without a range replaces the whole text.
     */
    Document change(String uri, int version, List<TextDocumentContentChangeEvent> changes) {
        Document current = open.get(uri);
        if (current == null) {
            throw new IllegalStateException("didChange for " + uri + ", which is not open; the client must send "
                    + "didOpen first");
        }
        String text = current.text();
        LineMap lines = current.lines();
        for (TextDocumentContentChangeEvent change : changes) {
            if (change.getRange() == null) {
                text = change.getText();
            } else {
                int start = lines.offset(change.getRange().getStart());
                int end = Math.max(start, lines.offset(change.getRange().getEnd()));
                text = text.substring(0, start) + change.getText() + text.substring(end);
            }
            lines = new LineMap(text);
        }
        Document d = new Document(uri, version, revisions.incrementAndGet(), text, lines);
        open.put(uri, d);
        return d;
    }

    void close(String uri) {
        open.remove(uri);
    }

    Optional<Document> get(String uri) {
        return Optional.ofNullable(open.get(uri));
    }
}
