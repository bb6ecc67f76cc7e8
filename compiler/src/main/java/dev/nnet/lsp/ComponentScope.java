package dev.nnet.lsp;

import dev.nnet.ast.Expr;
import dev.nnet.ast.Item;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a model or block body can name, besides top-level items; the first of two same-named members wins. */
final class ComponentScope {
    final Item item;
    final Map<String, Decl> params = new LinkedHashMap<>();
    final Map<String, Decl> inputs = new LinkedHashMap<>();
    final Map<String, Decl> layers = new LinkedHashMap<>();
    /** Each layer's declared value, e.g. {@code linear(4, 2)}: what it applies, for keywords and init paths. */
    final Map<String, Expr> layerValues = new HashMap<>();
    final Map<String, Decl> dims = new LinkedHashMap<>();

    ComponentScope(Item item) {
        this.item = item;
    }
}
