package dev.nnet.check;

import dev.nnet.Cancellation;
import dev.nnet.ast.Expr;
import dev.nnet.ast.Item;
import dev.nnet.diag.Code;
import dev.nnet.diag.Diagnostics;
import dev.nnet.diag.Span;
import dev.nnet.ops.ArgKind;
import dev.nnet.ops.Catalogue;
import dev.nnet.ops.Op;
import dev.nnet.ops.OpKind;
import dev.nnet.ops.ParamSpec;
import dev.nnet.ops.Signature;
import dev.nnet.resolve.Component;
import dev.nnet.resolve.Scope;
import dev.nnet.types.Args;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** State shared while checking one program: the sinks for diagnostics, facts and summary rows. */
final class CheckContext {
    /**
     * How deep blocks may nest (a block's layer being a block, and so on). Real networks nest two or three deep;
     * the limit bounds the checker's recursion, and going past it is an error (E0118), never a silent skip.
     */
    static final int MAX_DEPTH = 24;

    final Scope scope;
    /** The folder of the file being checked, where relative data paths are also looked up; null if unknown. */
    final java.nio.file.Path sourceDir;
    /** Polled at every layer declared: block instantiation is where checking can multiply its work. */
    private final Cancellation cancel;
    final Diagnostics diags;
    final ConstEval consts;
    final ArgBinder binder;
    /** Blocks being instantiated right now, outermost first: a block found here again is a cycle (E0113). */
    private final java.util.Deque<String> instantiating = new java.util.ArrayDeque<>();
    /** Blocks used by some model, so the rest can still have their declarations checked. */
    final java.util.Set<String> instantiatedBlocks = new java.util.HashSet<>();
    List<Fact> facts = new ArrayList<>();
    List<SummaryRow> rows = new ArrayList<>();
    /** Where the model being checked records its computation; null outside a model's forward pass. */
    Trace trace;

    void record(Trace.Step step) {
        if (trace != null) {
            trace.add(step);
        }
    }

    CheckContext(Scope scope, Diagnostics diags, Cancellation cancel, java.nio.file.Path sourceDir) {
        this.cancel = cancel;
        this.sourceDir = sourceDir;
        this.scope = scope;
        this.diags = diags;
        this.consts = new ConstEval(diags);
        this.binder = new ArgBinder(diags);
    }

    /** Binds a call's configuration arguments against a signature, evaluating them in {@code env}. */
    Args bind(String what, Signature sig, List<Expr.Arg> args, Span callSpan, Env env) {
        return binder.bind(what, sig, args, callSpan, (e, words) -> consts.eval(e, env, words));
    }

    LayerInstance declareLayer(Instance owner, String path, String name, Expr value, Span span, int depth) {
        cancel.checkpoint();
        dev.nnet.ast.Ident callee = null;
        List<Expr.Arg> args = List.of();
        if (value instanceof Expr.Call c) {
            callee = c.callee();
            args = c.args();
        } else if (value instanceof Expr.Name n) {
            callee = n.name();
        }
        if (callee == null) {
            return null; // reported by the resolver
        }
        String calleeName = callee.name();
        Span callSpan = value.span();
        Op op = Catalogue.lookup(calleeName).orElse(null);
        if (op != null) {
            if (op.kind() == OpKind.FUNCTION || op.kind() == OpKind.LOSS) {
                diags.report(Code.E0109, callSpan, "`" + calleeName + "` is a function, not a layer",
                        r -> r.help(op.kind() == OpKind.LOSS ? "losses belong in the train block: `loss "
                                + calleeName + "`" : "call it inside `forward`, e.g. `" + usage(op) + "`"));
                return null;
            }
            Args bound = bind(calleeName, op.signature(), args, callSpan, owner.env());
            if (!SizeLimits.stackFits(this, calleeName, bound, callSpan)) {
                return null;
            }
            return new LayerInstance(path, name, op, null, bound, span);
        }
        Component block = scope.blocks().get(calleeName);
        if (block == null || instantiating.contains(calleeName)) {
            return null; // unknown callee or a cycle: reported by the resolver
        }
        if (depth >= MAX_DEPTH) {
            List<String> chain = new ArrayList<>(instantiating);
            java.util.Collections.reverse(chain);
            diags.report(Code.E0118, callSpan, "block `" + calleeName + "` would be nested " + (depth + 1)
                    + " deep; blocks nest at most " + MAX_DEPTH + " deep",
                    r -> r.note("nested as " + String.join(" > ", chain) + " > " + calleeName)
                            .help("merge some of these blocks into the block that uses them"));
            return null;
        }
        instantiatedBlocks.add(calleeName);
        Args bound = bind("block `" + calleeName + "`", blockSignature(block), args, callSpan, owner.env());
        Map<String, Value> params = new HashMap<>();
        List<String> shown = new ArrayList<>();
        for (Item.Param p : block.params()) {
            Value v = bound.get(p.name().name());
            params.put(p.name().name(), v);
            shown.add(p.name().name() + "=" + Value.describe(v));
        }
        String signature = calleeName + "(" + String.join(", ", shown) + ")";
        instantiating.push(calleeName);
        try {
            Instance inst = Instance.create(this, block, new Env(scope, block, params), path, signature, depth + 1);
            return new LayerInstance(path, name, null, inst, bound, span);
        } finally {
            instantiating.pop();
        }
    }

    /** Declares an unused block's layers with the given parameter values (see {@link Checker}). */
    void instantiate(Component block, Map<String, Value> params) {
        instantiating.push(block.name());
        try {
            Instance.create(this, block, new Env(scope, block, params), block.name(), block.name(), 1);
        } finally {
            instantiating.pop();
        }
    }

    /** How to call an op directly: its tensor inputs, then its options, e.g. {@code concat(tensors, dim=0)}. */
    static String usage(Op op) {
        String options = op.signature().render("");
        options = options.substring(1, options.length() - 1);
        List<String> parts = new ArrayList<>(op.inputs());
        if (!options.isEmpty()) {
            parts.add(options);
        }
        return op.name() + "(" + String.join(", ", parts) + ")";
    }

    /** A block's parameters as a signature: {@code c: int} is an INT, untyped parameters take any value. */
    Signature blockSignature(Component block) {
        List<ParamSpec> specs = new ArrayList<>();
        for (Item.Param p : block.params()) {
            ArgKind kind = ArgKind.DIM;
            if (p.type() != null) {
                switch (p.type().name()) {
                    case "float":
                        kind = ArgKind.FLOAT;
                        break;
                    case "bool":
                        kind = ArgKind.BOOL;
                        break;
                    case "int":
                        kind = ArgKind.INT;
                        break;
                    default:
                        diags.report(Code.E0106, p.type().span(), "unknown parameter type `" + p.type().name() + "`",
                                r -> r.help("block parameters are `int`, `float` or `bool`"));
                }
            }
            Value def = p.defaultValue() == null ? null
                    : consts.eval(p.defaultValue(), new Env(scope, block, Map.of()), false);
            specs.add(def == null ? ParamSpec.required(p.name().name(), kind, "")
                    : ParamSpec.optional(p.name().name(), kind, def, ""));
        }
        return new Signature(specs);
    }
}
