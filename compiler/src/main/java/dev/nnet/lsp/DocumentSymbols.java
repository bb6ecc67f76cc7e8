package dev.nnet.lsp;

import dev.nnet.ast.Item;
import dev.nnet.ast.Member;
import dev.nnet.ast.TrainStmt;
import dev.nnet.diag.Span;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.SymbolKind;

/** The outline: constants, blocks and models with their inputs, layers and forward, train blocks with their data. */
final class DocumentSymbols {
    private DocumentSymbols() {
    }

    static List<DocumentSymbol> of(Analysis a) {
        List<DocumentSymbol> out = new ArrayList<>();
        for (Item item : a.compilation().program().items()) {
            if (item instanceof Item.Const c) {
                out.add(symbol(c.name().name(), "const", SymbolKind.Constant, c.span(), c.name().span()));
            } else if (item instanceof Item.Block b) {
                DocumentSymbol s = symbol(b.name().name(), "block", SymbolKind.Class, b.span(), b.name().span());
                List<DocumentSymbol> children = new ArrayList<>();
                b.params().forEach(p -> children.add(symbol(p.name().name(), "parameter", SymbolKind.TypeParameter,
                        p.span(), p.name().span())));
                children.addAll(members(b.members()));
                s.setChildren(children);
                out.add(s);
            } else if (item instanceof Item.Model m) {
                DocumentSymbol s = symbol(m.name().name(), "model", SymbolKind.Module, m.span(), m.name().span());
                s.setChildren(members(m.members()));
                out.add(s);
            } else if (item instanceof Item.Train t) {
                DocumentSymbol s = symbol("train " + t.name().name(), "train", SymbolKind.Event, t.span(),
                        t.name().span());
                List<DocumentSymbol> children = new ArrayList<>();
                for (TrainStmt st : t.stmts()) {
                    if (st instanceof TrainStmt.Data d) {
                        children.add(symbol(d.name().name(), "data", SymbolKind.Variable, d.span(), d.name().span()));
                    }
                }
                s.setChildren(children);
                out.add(s);
            }
        }
        return out;
    }

    private static List<DocumentSymbol> members(List<Member> members) {
        List<DocumentSymbol> out = new ArrayList<>();
        for (Member m : members) {
            if (m instanceof Member.Input in) {
                out.add(symbol(in.name().name(), "input", SymbolKind.Field, in.span(), in.name().span()));
            } else if (m instanceof Member.Layer l) {
                out.add(symbol(l.name().name(), "layer", SymbolKind.Property, l.span(), l.name().span()));
            } else if (m instanceof Member.Sequential s) {
                DocumentSymbol seq = symbol("sequential", "body", SymbolKind.Namespace, s.span(), s.span());
                List<DocumentSymbol> entries = new ArrayList<>();
                for (Member.SeqEntry e : s.entries()) {
                    if (e.name() != null) {
                        entries.add(symbol(e.name().name(), "layer", SymbolKind.Property, e.span(), e.name().span()));
                    }
                }
                seq.setChildren(entries);
                out.add(seq);
            } else if (m instanceof Member.Forward f) {
                out.add(symbol("forward", "body", SymbolKind.Method, f.span(), f.span()));
            }
        }
        return out;
    }

    /** LSP requires the selection range to lie inside the full range; recovery can break that, so widen. */
    private static DocumentSymbol symbol(String name, String detail, SymbolKind kind, Span full, Span selection) {
        Span range = full.to(selection);
        DocumentSymbol s = new DocumentSymbol(name.isEmpty() ? "?" : name, kind, LineMap.range(range),
                LineMap.range(selection), detail);
        s.setChildren(new ArrayList<>());
        return s;
    }
}
