package dev.nnet.resolve;

import dev.nnet.ast.Expr;
import dev.nnet.ast.Ident;
import dev.nnet.ast.Item;
import dev.nnet.ast.Member;
import dev.nnet.ast.Program;
import dev.nnet.diag.Code;
import dev.nnet.diag.Diagnostics;
import dev.nnet.diag.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Binds top-level names and each component's members, reporting duplicates (E0102), bodies that are missing or
 * doubled (E0108), and then hands each forward body to {@link BodyResolver} for uses of undefined names.
 */
public final class Resolver {
    private final Diagnostics diags;
    private final Map<String, Span> topLevel = new LinkedHashMap<>();

    private Resolver(Diagnostics diags) {
        this.diags = diags;
    }

    public static Scope resolve(Program program, Diagnostics diags) {
        return new Resolver(diags).run(program);
    }

    private Scope run(Program program) {
        Map<String, Item.Const> consts = new LinkedHashMap<>();
        Map<String, Component> blocks = new LinkedHashMap<>();
        Map<String, Component> models = new LinkedHashMap<>();
        List<Item.Train> trains = new ArrayList<>();
        for (Item item : program.items()) {
            if (item instanceof Item.Train t) {
                trains.add(t);
                continue;
            }
            if (!declare(topLevel, item.name(), kindOf(item))) {
                continue;
            }
            if (item instanceof Item.Const c) {
                consts.put(c.name().name(), c);
            } else if (item instanceof Item.Block b) {
                blocks.put(b.name().name(), component(b, b.params(), b.members()));
            } else if (item instanceof Item.Model m) {
                models.put(m.name().name(), component(m, List.of(), m.members()));
            }
        }
        Scope scope = new Scope(consts, blocks, models, trains);
        for (Component c : blocks.values()) {
            new BodyResolver(scope, c, diags).run();
        }
        for (Component c : models.values()) {
            new BodyResolver(scope, c, diags).run();
        }
        new CycleFinder(scope, diags).run();
        return scope;
    }

    private Component component(Item item, List<Item.Param> params, List<Member> members) {
        Map<String, Span> names = new LinkedHashMap<>();
        for (Item.Param p : params) {
            declare(names, p.name(), "parameter");
        }
        Map<String, Member.Input> inputs = new LinkedHashMap<>();
        Map<String, Member.Layer> layers = new LinkedHashMap<>();
        Member.Sequential sequential = null;
        Member.Forward forward = null;
        Set<String> symbols = new TreeSet<>();
        for (Member m : members) {
            if (m instanceof Member.Input in) {
                if (item instanceof Item.Block) {
                    diags.report(Code.E0109, in.span(), "a block cannot declare inputs",
                            r -> r.help("blocks take their inputs from `forward(x)` at each use; remove this line"));
                } else if (declare(names, in.name(), "input")) {
                    inputs.put(in.name().name(), in);
                    in.dims().forEach(d -> collectSymbols(d, symbols));
                }
            } else if (m instanceof Member.Layer l) {
                if (declare(names, l.name(), "layer")) {
                    layers.put(l.name().name(), l);
                }
            } else if (m instanceof Member.Sequential s) {
                if (sequential != null || forward != null) {
                    reportSecondBody(item, s.span(), sequential != null ? sequential.span() : forward.span());
                } else {
                    sequential = s;
                    for (Member.SeqEntry e : s.entries()) {
                        if (e.name() != null) {
                            declare(names, e.name(), "layer");
                        }
                    }
                }
            } else if (m instanceof Member.Forward f) {
                if (sequential != null || forward != null) {
                    reportSecondBody(item, f.span(), sequential != null ? sequential.span() : forward.span());
                } else {
                    forward = f;
                }
            }
        }
        if (sequential == null && forward == null) {
            String what = item instanceof Item.Block ? "block" : "model";
            diags.report(Code.E0108, item.name().span(), what + " `" + item.name().name() + "` has no body",
                    r -> r.help("add `forward(x) { ... return ... }` or a `sequential { ... }` list of layers"));
        }
        if (item instanceof Item.Model && inputs.isEmpty()) {
            diags.report(Code.E0108, item.name().span(), "model `" + item.name().name() + "` declares no input",
                    r -> r.help("declare its input shape, e.g. `input x: [N, 1, 28, 28]`"));
        }
        symbols.removeIf(s -> names.containsKey(s) || topLevel.containsKey(s));
        return new Component(item, params, inputs, layers, sequential, forward, symbols);
    }

    private void reportSecondBody(Item item, Span second, Span first) {
        diags.report(Code.E0108, second, "`" + item.name().name() + "` has more than one body",
                r -> r.label(first, "first body here")
                        .help("a model or block has one `forward` or one `sequential` body; merge them"));
    }

    /** Names written in input dimensions that are not constants become symbols. */
    private static void collectSymbols(Expr e, Set<String> out) {
        if (e instanceof Expr.Name n) {
            out.add(n.name().name());
        } else if (e instanceof Expr.Binary b) {
            collectSymbols(b.left(), out);
            collectSymbols(b.right(), out);
        } else if (e instanceof Expr.Negate n) {
            collectSymbols(n.operand(), out);
        }
    }

    private boolean declare(Map<String, Span> names, Ident name, String kind) {
        Span first = names.putIfAbsent(name.name(), name.span());
        if (first == null) {
            return true;
        }
        diags.report(Code.E0102, name.span(), "`" + name.name() + "` is defined twice",
                r -> r.spanLabel("second " + kind + " named `" + name.name() + "`")
                        .label(first, "first defined here")
                        .help("rename one of them"));
        return false;
    }

    private static String kindOf(Item item) {
        if (item instanceof Item.Const) {
            return "constant";
        }
        return item instanceof Item.Block ? "block" : "model";
    }
}
