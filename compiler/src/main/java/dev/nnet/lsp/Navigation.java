package dev.nnet.lsp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.Location;

/** Go-to-definition and find-references, both answered from the {@link SymbolIndex}. */
final class Navigation {
    private Navigation() {
    }

    /**
     * Where the name under the cursor was declared; for a variable, the assignment whose value it reads. Empty
     * for built-ins, which have no source.
     */
    static List<Location> definition(Analysis a, int offset) {
        Optional<Occurrence> occ = a.symbols().at(offset);
        if (occ.isEmpty() || !(occ.get().target() instanceof Target.Declared d)) {
            return List.of();
        }
        return List.of(new Location(a.document().uri(), LineMap.range(d.definition())));
    }

    /** Every place the declaration under the cursor is written: uses, reassignments, and its declaration if asked. */
    static List<Location> references(Analysis a, int offset, boolean includeDeclaration) {
        Optional<Occurrence> occ = a.symbols().at(offset);
        Decl decl = occ.map(Occurrence::decl).orElse(null);
        if (decl == null) {
            return List.of();
        }
        List<Location> out = new ArrayList<>();
        for (Occurrence o : a.symbols().references(decl)) {
            if (includeDeclaration || !o.span().equals(decl.nameSpan())) {
                out.add(new Location(a.document().uri(), LineMap.range(o.span())));
            }
        }
        return out;
    }
}
