package dev.nnet.lsp;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.Test;

/**
 * The text an editor holds while the user types almost never parses. Every feature runs on the states of
 * typing each sample line by line and on seeded character deletions, and must answer without throwing, with
 * every range inside the document.
 */
class EditingRobustnessTest {
    static final List<String> SAMPLES = List.of("mnist/mnist-resnet.nnet", "recurrent/name-classifier.nnet",
            "basics/backprop-worked-example.nnet", "basics/flower-5layer.nnet");

    @Test
    void typingEachLineOfTheSamples() {
        int states = 0;
        for (String sample : SAMPLES) {
            String[] lines = Fixtures.sample(sample).split("\n", -1);
            for (int l = 0; l < lines.length; l++) {
                String line = lines[l];
                if (line.isBlank() || line.trim().startsWith("//")) {
                    continue;
                }
                for (int c = 0; c < line.length(); c += 5) {
                    StringBuilder text = new StringBuilder();
                    int cursor = 0;
                    for (int k = 0; k < lines.length; k++) {
                        if (k == l) {
                            text.append(line, 0, c);
                            cursor = text.length();
                        } else {
                            text.append(lines[k]);
                        }
                        text.append('\n');
                    }
                    everyFeature(sample + " line " + (l + 1) + " typed to column " + c, text.toString(), cursor);
                    states++;
                }
            }
        }
        assertTrue(states > 300, "only " + states + " editing states were tried");
    }

    @Test
    void deletingCharactersAnywhere() {
        Random random = new Random(5);
        for (String sample : SAMPLES) {
            String text = Fixtures.sample(sample);
            for (int i = 0; i < 60; i++) {
                int at = random.nextInt(text.length());
                int length = 1 + random.nextInt(12);
                String mutated = text.substring(0, at) + text.substring(Math.min(text.length(), at + length));
                everyFeature(sample + " without [" + at + ", +" + length + ")", mutated, at);
            }
        }
    }

    static void everyFeature(String what, String text, int cursor) {
        Analysis a = Fixtures.analyze(text);
        LineMap lines = a.document().lines();
        try {
            for (int offset : new int[] {cursor, Math.max(0, cursor - 1), text.length() / 2, text.length()}) {
                Hover h = Hovers.at(a, offset);
                if (h != null) {
                    inside(what, lines, text, h.getRange());
                }
                Navigation.definition(a, offset).forEach(l -> inside(what, lines, text, l.getRange()));
                Navigation.references(a, offset, true).forEach(l -> inside(what, lines, text, l.getRange()));
            }
            for (CompletionItem item : Completions.at(a, cursor, true)) {
                inside(what, lines, text, item.getTextEdit().getLeft().getRange());
            }
            List<DocumentSymbol> symbols = new ArrayList<>(DocumentSymbols.of(a));
            while (!symbols.isEmpty()) {
                DocumentSymbol s = symbols.remove(symbols.size() - 1);
                inside(what, lines, text, s.getRange());
                inside(what, lines, text, s.getSelectionRange());
                symbols.addAll(s.getChildren());
            }
            for (CodeAction action : CodeActions.at(a, 0, text.length())) {
                for (List<TextEdit> edits : action.getEdit().getChanges().values()) {
                    edits.forEach(e -> inside(what, lines, text, e.getRange()));
                }
            }
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": " + e, e);
        }
    }

    static void inside(String what, LineMap lines, String text, Range r) {
        for (Position p : List.of(r.getStart(), r.getEnd())) {
            if (p.getLine() < 0 || p.getLine() >= lines.lineCount() || p.getCharacter() < 0
                    || !lines.position(lines.offset(p)).equals(p)) {
                fail(what + ": position " + p + " is outside the document");
            }
        }
        if (lines.offset(r.getStart()) > lines.offset(r.getEnd())) {
            fail(what + ": range " + r + " ends before it starts");
        }
    }

}
