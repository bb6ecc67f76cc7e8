package dev.nnet.check;

import dev.nnet.ast.Expr;
import dev.nnet.ast.Member;
import dev.nnet.diag.Span;
import dev.nnet.resolve.Component;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model, or a block with its arguments bound: its compile-time environment and its layers, in declaration
 * order (sequential entries are layers too, named by their label or, like {@code nn.Sequential}, by index).
 */
public final class Instance {
    private final Component component;
    private final Env env;
    private final String path;
    private final String signatureText;
    private final Map<String, LayerInstance> layers = new LinkedHashMap<>();

    Instance(Component component, Env env, String path, String signatureText) {
        this.component = component;
        this.env = env;
        this.path = path;
        this.signatureText = signatureText;
    }

    /** Declares every layer; a declaration that fails to bind is left out (its error is already reported). */
    static Instance create(CheckContext cx, Component component, Env env, String path, String signatureText,
                           int depth) {
        Instance inst = new Instance(component, env, path, signatureText);
        for (Member.Layer l : component.layers().values()) {
            inst.declare(cx, l.name().name(), l.value(), l.span(), depth);
        }
        if (component.sequential() != null) {
            int index = 0;
            for (Member.SeqEntry e : component.sequential().entries()) {
                String name = e.name() != null ? e.name().name() : Integer.toString(index);
                inst.declare(cx, name, e.value(), e.span(), depth);
                index++;
            }
        }
        return inst;
    }

    private void declare(CheckContext cx, String name, Expr value, Span span, int depth) {
        String childPath = path.isEmpty() ? name : path + "." + name;
        LayerInstance li = cx.declareLayer(this, childPath, name, value, span, depth);
        if (li != null) {
            layers.put(name, li);
        }
    }

    public Component component() {
        return component;
    }

    Env env() {
        return env;
    }

    public String path() {
        return path;
    }

    /** {@code Residual(c=16)}; empty for a model. */
    public String signatureText() {
        return signatureText;
    }

    public Map<String, LayerInstance> layers() {
        return Collections.unmodifiableMap(layers);
    }
}
