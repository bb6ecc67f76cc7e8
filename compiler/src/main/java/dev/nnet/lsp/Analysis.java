package dev.nnet.lsp;

import dev.nnet.Compilation;

/**
 * What the front end found in one revision of a document. The indexes editor features need are built on first
 * use, so a keystroke that only needs diagnostics pays for the check alone.
 */
final class Analysis {
    private final Document document;
    private final Compilation compilation;
    private volatile SymbolIndex symbols;
    private volatile FactIndex facts;

    Analysis(Document document, Compilation compilation) {
        this.document = document;
        this.compilation = compilation;
    }

    Document document() {
        return document;
    }

    Compilation compilation() {
        return compilation;
    }

    SymbolIndex symbols() {
        SymbolIndex s = symbols;
        if (s == null) {
            s = SymbolIndex.of(compilation.program());
            symbols = s;
        }
        return s;
    }

    FactIndex facts() {
        FactIndex f = facts;
        if (f == null) {
            f = FactIndex.of(compilation.typed());
            facts = f;
        }
        return f;
    }
}
