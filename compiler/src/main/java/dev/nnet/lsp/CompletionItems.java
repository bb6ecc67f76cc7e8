package dev.nnet.lsp;

import dev.nnet.ast.Expr;
import dev.nnet.ast.Ident;
import dev.nnet.ast.Item;
import dev.nnet.ops.ParamSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.InsertTextFormat;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * Builds completion items, one kind of thing per method, each replacing the word typed so far. Calls become
 * snippets with a tab stop per argument that has no default, when the client supports snippets.
 */
final class CompletionItems {
    /** Sort groups: what the user wrote nearby first, then built-ins, then keywords. */
    private static final String LOCAL = "0";
    private static final String ARGUMENT = "1";
    private static final String BUILTIN = "2";
    private static final String CONSTANT = "3";
    private static final String KEYWORD = "4";

    private final Range replace;
    private final boolean snippets;
    private final Map<String, CompletionItem> byLabel = new LinkedHashMap<>();

    CompletionItems(Position wordStart, Position cursor, boolean snippets) {
        this.replace = new Range(wordStart, cursor);
        this.snippets = snippets;
    }

    List<CompletionItem> list() {
        return new ArrayList<>(byLabel.values());
    }

    void keyword(String word) {
        add(word, CompletionItemKind.Keyword, "keyword", null, KEYWORD, word);
    }

    void word(String word) {
        add(word, CompletionItemKind.EnumMember, "", null, ARGUMENT, word);
    }

    /** A built-in as a declaration or train setting writes it: {@code conv2d(in_channels, out_channels, ...)}. */
    void builtin(Builtin b) {
        List<String> stops = new ArrayList<>();
        for (ParamSpec p : b.signature().params()) {
            if (p.presence() != ParamSpec.Presence.REQUIRED && p.presence() != ParamSpec.Presence.INFERRED) {
                break;
            }
            stops.add(p.name());
        }
        String insert = stops.isEmpty() && b.signature().params().isEmpty() ? b.name() : call(b.name(), stops);
        add(b.name(), kind(b), b.declarationUsage(), b.doc(), BUILTIN, insert);
    }

    /** A built-in called in a forward body: {@code relu(input)}, {@code concat(tensors)}. */
    void function(Builtin b) {
        List<String> stops = new ArrayList<>(b.inputs());
        if (b.op() != null) {
            stops = new ArrayList<>(stops.subList(0, stops.size() - b.op().optionalInputs()));
        }
        for (ParamSpec p : b.signature().params()) {
            if (p.isRequired()) {
                stops.add(p.name());
            }
        }
        add(b.name(), CompletionItemKind.Function, b.callUsage(), b.doc(), BUILTIN, call(b.name(), stops));
    }

    /** A built-in called as a method, whose receiver is its first input: {@code x.view(shape)}. */
    void method(Builtin b) {
        List<String> stops = new ArrayList<>();
        for (ParamSpec p : b.signature().params()) {
            if (p.isRequired()) {
                stops.add(p.name());
            }
        }
        add(b.name(), CompletionItemKind.Method, b.callUsage(), b.doc(), BUILTIN, call(b.name(), stops));
    }

    void block(Item.Block b) {
        List<String> stops = b.params().stream().filter(p -> p.defaultValue() == null).map(p -> p.name().name())
                .toList();
        List<String> shown = b.params().stream().map(p -> p.name().name()).toList();
        add(b.name().name(), CompletionItemKind.Class, "block " + b.name().name() + "(" + String.join(", ", shown)
                + ")", null, LOCAL, call(b.name().name(), stops));
    }

    /** A declared layer, applied: {@code fc1(input)}. */
    void layer(String name, Expr value, Ident callee) {
        List<String> inputs = callee == null ? List.of("x")
                : Builtin.op(callee.name()).map(b -> b.inputs().subList(0, b.inputs().size()
                        - b.op().optionalInputs())).orElse(List.of("x"));
        String detail = callee == null ? "layer" : "layer = " + callee.name() + (value instanceof Expr.Call ? "(…)" : "");
        add(name, CompletionItemKind.Field, detail, null, LOCAL, call(name, inputs));
    }

    void variable(String name, String detail) {
        add(name, CompletionItemKind.Variable, detail, null, LOCAL, name);
    }

    void constant(String name, String detail) {
        add(name, CompletionItemKind.Constant, detail, null, CONSTANT, name);
    }

    void keywordArgument(String name, String detail, String doc) {
        add(name + "=", CompletionItemKind.Property, detail, doc.isEmpty() ? null : doc, ARGUMENT,
                snippets ? name + "=$0" : name + "=");
    }

    private String call(String name, List<String> stops) {
        if (!snippets) {
            return name;
        }
        List<String> args = new ArrayList<>();
        for (int i = 0; i < stops.size(); i++) {
            args.add("${" + (i + 1) + ":" + stops.get(i) + "}");
        }
        return name + "(" + String.join(", ", args) + ")" + (stops.isEmpty() ? "" : "$0");
    }

    private static CompletionItemKind kind(Builtin b) {
        return b.category() == Builtin.Category.LAYER ? CompletionItemKind.Class : CompletionItemKind.Function;
    }

    /** The first item under a label wins: nearer scopes are collected first and shadow later ones. */
    private void add(String label, CompletionItemKind kind, String detail, String doc, String group, String insert) {
        if (byLabel.containsKey(label)) {
            return;
        }
        CompletionItem item = new CompletionItem(label);
        item.setKind(kind);
        if (detail != null && !detail.isEmpty()) {
            item.setDetail(detail);
        }
        if (doc != null) {
            item.setDocumentation(new MarkupContent(MarkupKind.MARKDOWN, doc));
        }
        item.setSortText(group + label);
        item.setFilterText(label);
        item.setInsertTextFormat(snippets && insert.contains("$") ? InsertTextFormat.Snippet
                : InsertTextFormat.PlainText);
        item.setTextEdit(Either.forLeft(new TextEdit(replace, insert)));
        byLabel.put(label, item);
    }
}
