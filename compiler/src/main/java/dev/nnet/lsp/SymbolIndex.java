package dev.nnet.lsp;

import dev.nnet.ast.Program;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Every declared name of one file and every place a name is written, for navigation, hover and the outline. */
final class SymbolIndex {
    private final List<Decl> decls;
    private final List<Occurrence> occurrences;

    SymbolIndex(List<Decl> decls, List<Occurrence> occurrences) {
        this.decls = List.copyOf(decls);
        List<Occurrence> sorted = new ArrayList<>(occurrences);
        sorted.sort(Comparator.comparingInt(o -> o.span().start()));
        this.occurrences = List.copyOf(sorted);
    }

    static SymbolIndex of(Program program) {
        return SymbolIndexer.index(program);
    }

    List<Decl> decls() {
        return decls;
    }

    /**
     * The name under the cursor: one whose text contains the offset, else one ending exactly there (the cursor
     * just after a word, where editors usually leave it).
     */
    Optional<Occurrence> at(int offset) {
        Occurrence touching = null;
        for (Occurrence o : occurrences) {
            if (o.span().contains(offset)) {
                return Optional.of(o);
            }
            if (o.span().end() == offset) {
                touching = o;
            }
        }
        return Optional.ofNullable(touching);
    }

    /** Every occurrence of a declaration, in source order, its declaration included. */
    List<Occurrence> references(Decl decl) {
        return occurrences.stream().filter(o -> o.decl() == decl).toList();
    }
}
