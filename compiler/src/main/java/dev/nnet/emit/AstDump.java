package dev.nnet.emit;

import dev.nnet.ast.Expr;
import dev.nnet.ast.Ident;
import dev.nnet.ast.Item;
import dev.nnet.ast.Member;
import dev.nnet.ast.Program;
import dev.nnet.ast.Stmt;
import dev.nnet.ast.TrainStmt;
import dev.nnet.diag.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code --emit=ast}: the tree as indented S-expressions, one node per line, children two spaces deeper, closing
 * parentheses Lisp-style on the last child. Each node shows its start as {@code @line:col}; names are bare, strings
 * quoted, floats as written. Tests compare these dumps, so the format changes only deliberately.
 */
public final class AstDump {
    private AstDump() {
    }

    /** A node: a head ("call linear @3:5") and its children in source order. */
    private record Node(String head, List<Node> children) {
        Node(String head, Node... children) {
            this(head, List.of(children));
        }
    }

    public static String render(Program program) {
        List<Node> items = new ArrayList<>();
        program.items().forEach(i -> items.add(item(i)));
        StringBuilder out = new StringBuilder();
        write(out, new Node("program", items), 0);
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Node node, int indent) {
        out.append(" ".repeat(indent)).append('(').append(node.head());
        for (Node child : node.children()) {
            out.append('\n');
            write(out, child, indent + 2);
        }
        out.append(')');
    }

    private static String at(Span s) {
        return "@" + s.line() + ":" + s.column();
    }

    private static String names(List<Ident> ids) {
        return ids.stream().map(Ident::name).collect(Collectors.joining(", ", "[", "]"));
    }

    private static Node item(Item item) {
        String head = " " + item.name().name() + " " + at(item.span());
        if (item instanceof Item.Const c) {
            return new Node("const" + head, expr(c.value()));
        } else if (item instanceof Item.Block b) {
            List<Node> children = new ArrayList<>();
            for (Item.Param p : b.params()) {
                String type = p.type() == null ? "" : " : " + p.type().name();
                children.add(new Node("param " + p.name().name() + type + " " + at(p.span()),
                        p.defaultValue() == null ? List.of() : List.of(expr(p.defaultValue()))));
            }
            b.members().forEach(m -> children.add(member(m)));
            return new Node("block" + head, children);
        } else if (item instanceof Item.Model m) {
            return new Node("model" + head, m.members().stream().map(AstDump::member).toList());
        } else if (item instanceof Item.Train t) {
            return new Node("train" + head, t.stmts().stream().map(AstDump::trainStmt).toList());
        }
        throw new IllegalStateException("unknown item " + item);
    }

    private static Node member(Member member) {
        if (member instanceof Member.Input in) {
            String elem = in.elem() == null ? "" : " " + in.elem().name();
            return new Node("input " + in.name().name() + elem + " " + at(in.span()), exprs(in.dims()));
        } else if (member instanceof Member.Layer l) {
            return new Node("layer " + l.name().name() + " " + at(l.span()), expr(l.value()));
        } else if (member instanceof Member.Sequential s) {
            List<Node> entries = new ArrayList<>();
            for (Member.SeqEntry e : s.entries()) {
                String name = e.name() == null ? "" : " " + e.name().name();
                entries.add(new Node("step" + name + " " + at(e.span()), expr(e.value())));
            }
            return new Node("sequential " + at(s.span()), entries);
        } else if (member instanceof Member.Forward f) {
            String params = f.params() == null ? "" : " " + names(f.params());
            return new Node("forward" + params + " " + at(f.span()), f.body().stream().map(AstDump::stmt).toList());
        }
        throw new IllegalStateException("unknown member " + member);
    }

    private static Node stmt(Stmt stmt) {
        if (stmt instanceof Stmt.Assign a) {
            List<Node> children = new ArrayList<>();
            a.targets().forEach(p -> children.add(pattern(p)));
            children.add(expr(a.value()));
            return new Node("assign " + at(a.span()), children);
        } else if (stmt instanceof Stmt.Return r) {
            return new Node("return " + at(r.span()), exprs(r.values()));
        }
        throw new IllegalStateException("unknown statement " + stmt);
    }

    private static Node pattern(Stmt.Pattern p) {
        if (p instanceof Stmt.NamePattern n) {
            return new Node("target " + n.name().name() + " " + at(n.span()));
        } else if (p instanceof Stmt.TuplePattern t) {
            return new Node("target-tuple " + at(t.span()), t.parts().stream().map(AstDump::pattern).toList());
        }
        throw new IllegalStateException("unknown pattern " + p);
    }

    private static Node trainStmt(TrainStmt s) {
        String at = at(s.span());
        if (s instanceof TrainStmt.Data d) {
            return new Node("data " + d.name().name() + " " + at, expr(d.source()));
        } else if (s instanceof TrainStmt.Batch b) {
            String flags = b.flags().isEmpty() ? "" : " " + names(b.flags());
            return b.size() == null ? new Node("batch full" + flags + " " + at)
                    : new Node("batch" + flags + " " + at, expr(b.size()));
        } else if (s instanceof TrainStmt.Loss l) {
            return new Node("loss " + at, expr(l.value()));
        } else if (s instanceof TrainStmt.Optimizer o) {
            return new Node("optimizer " + at, expr(o.value()));
        } else if (s instanceof TrainStmt.Epochs e) {
            return new Node("epochs " + at, expr(e.value()));
        } else if (s instanceof TrainStmt.Seed e) {
            return new Node("seed " + at, expr(e.value()));
        } else if (s instanceof TrainStmt.Log l) {
            return new Node("log " + at, cadence(l.every()));
        } else if (s instanceof TrainStmt.Evaluate e) {
            String metrics = e.metrics().isEmpty() ? "" : " " + names(e.metrics());
            return new Node("evaluate " + e.dataset().name() + metrics + " " + at,
                    e.every() == null ? List.of() : List.of(cadence(e.every())));
        } else if (s instanceof TrainStmt.Checkpoint c) {
            return new Node("checkpoint " + quote(c.path().value()) + " " + at,
                    c.every() == null ? List.of() : List.of(cadence(c.every())));
        } else if (s instanceof TrainStmt.Labels l) {
            return new Node("labels " + l.values().stream().map(v -> quote(v.value()))
                    .collect(Collectors.joining(", ")) + " " + at);
        } else if (s instanceof TrainStmt.Init i) {
            String target = i.target().stream().map(Ident::name).collect(Collectors.joining("."));
            return new Node("init " + target + " " + at, expr(i.value()));
        }
        throw new IllegalStateException("unknown train statement " + s);
    }

    private static Node cadence(TrainStmt.Cadence c) {
        String head = "every " + c.unit().name() + " " + at(c.span());
        return c.count() == null ? new Node(head) : new Node(head, expr(c.count()));
    }

    private static List<Node> exprs(List<Expr> exprs) {
        return exprs.stream().map(AstDump::expr).toList();
    }

    private static Node expr(Expr e) {
        String at = at(e.span());
        if (e instanceof Expr.Missing) {
            return new Node("missing " + at);
        } else if (e instanceof Expr.Name n) {
            return new Node("name " + n.name().name() + " " + at);
        } else if (e instanceof Expr.IntLit i) {
            return new Node("int " + i.value() + " " + at);
        } else if (e instanceof Expr.FloatLit f) {
            return new Node("float " + f.text() + " " + at);
        } else if (e instanceof Expr.StringLit s) {
            return new Node("string " + quote(s.value()) + " " + at);
        } else if (e instanceof Expr.BoolLit b) {
            return new Node("bool " + b.value() + " " + at);
        } else if (e instanceof Expr.ListLit l) {
            return new Node("list " + at, exprs(l.elements()));
        } else if (e instanceof Expr.TupleLit t) {
            return new Node("tuple " + at, exprs(t.elements()));
        } else if (e instanceof Expr.Call c) {
            return new Node("call " + c.callee().name() + " " + at, args(c.args()));
        } else if (e instanceof Expr.MethodCall m) {
            List<Node> children = new ArrayList<>();
            children.add(expr(m.receiver()));
            children.addAll(args(m.args()));
            return new Node("method " + m.method().name() + " " + at, children);
        } else if (e instanceof Expr.Index i) {
            return new Node("index " + at, expr(i.target()), expr(i.index()));
        } else if (e instanceof Expr.Slice sl) {
            List<Node> children = new ArrayList<>();
            children.add(expr(sl.target()));
            for (Expr.Subscript sub : sl.subscripts()) {
                List<Node> bounds = new ArrayList<>();
                if (sub.start() != null) {
                    bounds.add(expr(sub.start()));
                }
                if (sub.stop() != null) {
                    bounds.add(expr(sub.stop()));
                }
                children.add(new Node((sub.range() ? "range " : "at ") + sub.span().line() + ":"
                        + sub.span().column(), bounds));
            }
            return new Node("slice " + at, children);
        } else if (e instanceof Expr.Negate n) {
            return new Node("neg " + at, expr(n.operand()));
        } else if (e instanceof Expr.Binary b) {
            return new Node(b.op().symbol() + " " + at, expr(b.left()), expr(b.right()));
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    /** A positional argument is just its value; a keyword one wraps it as {@code (kw name @line:col value)}. */
    private static List<Node> args(List<Expr.Arg> args) {
        List<Node> out = new ArrayList<>();
        for (Expr.Arg a : args) {
            out.add(a.name() == null ? expr(a.value())
                    : new Node("kw " + a.name().name() + " " + at(a.span()), expr(a.value())));
        }
        return out;
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
