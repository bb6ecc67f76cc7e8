package dev.nnet.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.diag.SourceFile;
import dev.nnet.diag.Span;
import java.util.List;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.junit.jupiter.api.Test;

/** Incremental sync and the position arithmetic under it: UTF-16 columns, clamping, edits applied in order. */
class DocumentStoreTest {
    static TextDocumentContentChangeEvent edit(int l1, int c1, int l2, int c2, String text) {
        return new TextDocumentContentChangeEvent(new Range(new Position(l1, c1), new Position(l2, c2)), text);
    }

    @Test
    void editsOfOneNotificationApplyInOrderEachToTheTextTheLastLeft() {
        DocumentStore store = new DocumentStore();
        store.open("u", 1, "ab\ncd\n");
        Document d = store.change("u", 2, List.of(
                edit(0, 1, 0, 1, "X"),        // aXb\ncd\n
                edit(0, 3, 1, 1, ""),         // aXbd\n: joins the lines
                edit(1, 0, 1, 0, "tail")));   // aXbd\ntail
        assertEquals("aXbd\ntail", d.text());
        assertEquals(2, d.version());
    }

    @Test
    void anEditWithoutARangeReplacesTheWholeText() {
        DocumentStore store = new DocumentStore();
        store.open("u", 1, "old");
        assertEquals("new", store.change("u", 2, List.of(new TextDocumentContentChangeEvent("new"))).text());
    }

    @Test
    void positionsPastALineOrTheFileAreClampedNotRejected() {
        DocumentStore store = new DocumentStore();
        store.open("u", 1, "ab\ncd");
        assertEquals("abX\ncd", store.change("u", 2, List.of(edit(0, 99, 0, 99, "X"))).text());
        assertEquals("abX\ncdY", store.change("u", 3, List.of(edit(7, 0, 9, 0, "Y"))).text());
    }

    @Test
    void everyChangeGetsANewerRevisionAcrossDocuments() {
        DocumentStore store = new DocumentStore();
        long a = store.open("a", 1, "").revision();
        long b = store.open("b", 1, "").revision();
        long a2 = store.change("a", 2, List.of(new TextDocumentContentChangeEvent("x"))).revision();
        assertTrue(a < b && b < a2);
    }

    @Test
    void aChangeToADocumentThatIsNotOpenIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new DocumentStore().change("file:///nope.nnet", 2, List.of()));
        assertTrue(e.getMessage().contains("file:///nope.nnet, which is not open"), e.getMessage());
    }

    @Test
    void columnsCountUtf16CodeUnitsLikeLspAndSpans() {
        // The emoji is two UTF-16 units: `x` after it is at character 5 on line 1, as LSP counts by default.
        String text = "// é 😀x\nmodel";
        LineMap lines = new LineMap(text);
        int x = text.indexOf('x');
        assertEquals(new Position(0, 7), lines.position(x));
        assertEquals(x, lines.offset(new Position(0, 7)));
        Span span = new SourceFile("f", text).span(x, x + 1);
        assertEquals(new Range(new Position(0, 7), new Position(0, 8)), LineMap.range(span));
        assertEquals(new Position(1, 2), lines.position(text.indexOf("del")));
    }

    @Test
    void aCarriageReturnBelongsToItsLineSoPositionsAgreeWithSpans() {
        String text = "ab\r\ncd";
        LineMap lines = new LineMap(text);
        int c = text.indexOf('c');
        assertEquals(new Position(1, 0), lines.position(c));
        assertEquals(LineMap.range(new SourceFile("f", text).span(c, c + 1)).getStart(), lines.position(c));
        assertEquals(2, lines.lineCount());
    }

    @Test
    void aLoneCarriageReturnEndsALineAsInLspAndSpans() {
        String text = "ab\rcd\r\nef";
        LineMap lines = new LineMap(text);
        assertEquals(3, lines.lineCount());
        int d = text.indexOf('d');
        assertEquals(new Position(1, 1), lines.position(d));
        assertEquals(LineMap.range(new SourceFile("f", text).span(d, d + 1)).getStart(), lines.position(d));
        assertEquals(d, lines.offset(new Position(1, 1)));
        assertEquals(text.indexOf('\r', d), lines.offset(new Position(1, 99)), "clamped before the CRLF");
        assertEquals(text.indexOf('e'), lines.offset(new Position(2, 0)));
    }
}
