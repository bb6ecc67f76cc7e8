package dev.nnet.lsp;

import dev.nnet.ast.Item;
import dev.nnet.diag.Span;

/**
 * A name the user declared. Identity matters: every occurrence of one variable, layer or model points at the
 * same {@code Decl}, which is what find-references collects.
 *
 * @param nameSpan where the name is first written (a variable's first binding)
 * @param declSpan the whole declaration, e.g. {@code fc = linear(320, 10)}; the outline's range
 * @param owner    the top-level item it belongs to (itself for models, blocks and constants)
 */
record Decl(Kind kind, String name, Span nameSpan, Span declSpan, Item owner) {
    enum Kind {
        MODEL("model"), BLOCK("block"), CONST("constant"), LAYER("layer"), INPUT("input"),
        PARAM("block parameter"), VARIABLE("variable"), DIMENSION("dimension symbol"), DATA("data set");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** Records compare by value; two declarations with equal fields are still two symbols. */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
