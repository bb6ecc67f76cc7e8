package dev.nnet.syntax;

import dev.nnet.ast.Expr;
import dev.nnet.ast.Ident;
import dev.nnet.ast.Item;
import dev.nnet.ast.Member;
import dev.nnet.ast.Program;
import dev.nnet.ast.Stmt;
import dev.nnet.ast.TrainStmt;
import dev.nnet.diag.SourceFile;
import dev.nnet.diag.Span;
import dev.nnet.grammar.NnetBaseVisitor;
import dev.nnet.grammar.NnetParser;
import dev.nnet.grammar.NnetParser.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * The one visitor that turns a parse tree into the immutable AST. After error recovery a context may miss
 * children; every such hole becomes {@link Expr.Missing} or is dropped, never a null or an exception.
 */
final class AstBuilder {
    private final SourceFile source;
    private final ExprBuilder exprs = new ExprBuilder();

    AstBuilder(SourceFile source) {
        this.source = source;
    }

    Program program(ProgramContext ctx) {
        List<Item> items = new ArrayList<>();
        for (ItemContext item : ctx.item()) {
            Item built = item(item);
            if (built != null) {
                items.add(built);
            }
        }
        return new Program(source, items);
    }

    private Item item(ItemContext ctx) {
        if (ctx instanceof ConstItemContext c && c.name != null) {
            return new Item.Const(ident(c.name), expr(c.value, c), span(c));
        }
        if (ctx instanceof BlockItemContext b && b.name != null) {
            List<Item.Param> params = new ArrayList<>();
            if (b.params != null) {
                for (ParamContext p : b.params.param()) {
                    if (p.name != null) {
                        params.add(new Item.Param(ident(p.name), p.type == null ? null : ident(p.type),
                                p.value == null ? null : expr(p.value, p), span(p)));
                    }
                }
            }
            return new Item.Block(ident(b.name), params, members(b.member()), span(b));
        }
        if (ctx instanceof ModelItemContext m && m.name != null) {
            return new Item.Model(ident(m.name), members(m.member()), span(m));
        }
        if (ctx instanceof TrainItemContext t && t.model != null) {
            return new Item.Train(ident(t.model),
                    t.trainStmt().stream().map(this::trainStmt).filter(Objects::nonNull).toList(), span(t));
        }
        return null;
    }

    private List<Member> members(List<MemberContext> ctxs) {
        List<Member> out = new ArrayList<>();
        for (MemberContext ctx : ctxs) {
            if (ctx instanceof InputMemberContext in && in.name != null && in.tensorType() != null) {
                TensorTypeContext t = in.tensorType();
                out.add(new Member.Input(ident(in.name), t.elem == null ? null : ident(t.elem),
                        t.expr().stream().map(e -> expr(e, t)).toList(), span(in)));
            } else if (ctx instanceof LayerMemberContext l && l.name != null) {
                out.add(new Member.Layer(ident(l.name), expr(l.value, l), span(l)));
            } else if (ctx instanceof SequentialMemberContext s) {
                List<Member.SeqEntry> entries = new ArrayList<>();
                for (SeqEntryContext e : s.seqEntry()) {
                    if (e instanceof SeqLayerContext sl && sl.layer != null) {
                        entries.add(new Member.SeqEntry(sl.name == null ? null : ident(sl.name), seqLayer(sl),
                                span(sl)));
                    }
                }
                out.add(new Member.Sequential(entries, span(s)));
            } else if (ctx instanceof ForwardMemberContext f) {
                List<Ident> params = null;
                if (f.identList() != null) {
                    params = f.identList().ident().stream().map(this::ident).toList();
                } else if (f.getChildCount() > 1 && "(".equals(f.getChild(1).getText())) {
                    params = List.of();
                }
                out.add(new Member.Forward(params,
                        f.stmt().stream().map(this::stmt).filter(Objects::nonNull).toList(), span(f)));
            }
        }
        return out;
    }

    /** {@code relu} is a name, {@code linear(784, 10)} a call; the entry's label is not part of it. */
    private Expr seqLayer(SeqLayerContext sl) {
        Ident layer = ident(sl.layer);
        Token close = null;
        boolean call = false;
        for (int i = 0; i < sl.getChildCount(); i++) {
            if (sl.getChild(i) instanceof org.antlr.v4.runtime.tree.TerminalNode t) {
                call |= "(".equals(t.getText());
                close = ")".equals(t.getText()) ? t.getSymbol() : close;
            }
        }
        if (!call) {
            return new Expr.Name(layer);
        }
        Span end = close != null ? span(close) : span(sl);
        return new Expr.Call(layer, exprs.args(sl.argList()), layer.span().to(end));
    }

    private Stmt stmt(StmtContext ctx) {
        if (ctx instanceof AssignStmtContext a) {
            if (a.first == null) {
                return null;
            }
            List<Stmt.Pattern> targets = new ArrayList<>();
            targets.add(new Stmt.NamePattern(ident(a.first)));
            a.pattern().stream().map(this::pattern).filter(Objects::nonNull).forEach(targets::add);
            return new Stmt.Assign(targets, expr(a.value, a), span(a));
        }
        if (ctx instanceof ReturnStmtContext r) {
            return new Stmt.Return(r.expr().stream().map(e -> expr(e, r)).toList(), span(r));
        }
        return null;
    }

    private Stmt.Pattern pattern(PatternContext ctx) {
        if (ctx instanceof NamePatternContext n && n.ident() != null) {
            return new Stmt.NamePattern(ident(n.ident()));
        }
        if (ctx instanceof TuplePatternContext t) {
            List<Stmt.Pattern> parts = t.pattern().stream().map(this::pattern).filter(Objects::nonNull).toList();
            return parts.isEmpty() ? null : new Stmt.TuplePattern(parts, span(t));
        }
        return null;
    }

    private TrainStmt trainStmt(TrainStmtContext ctx) {
        Span span = span(ctx);
        if (ctx instanceof DataStmtContext d && d.name != null) {
            return new TrainStmt.Data(ident(d.name), expr(d.source, d), span);
        }
        if (ctx instanceof BatchStmtContext b) {
            return new TrainStmt.Batch(b.size == null ? null : expr(b.size, b),
                    b.flag().stream().filter(f -> f.IDENT() != null)
                    .map(f -> new Ident(f.IDENT().getText(), span(f.IDENT().getSymbol()))).toList(), span);
        }
        if (ctx instanceof LossStmtContext l) {
            return new TrainStmt.Loss(expr(l.value, l), span);
        }
        if (ctx instanceof OptimizerStmtContext o) {
            return new TrainStmt.Optimizer(expr(o.value, o), span);
        }
        if (ctx instanceof EpochsStmtContext e) {
            return new TrainStmt.Epochs(expr(e.value, e), span);
        }
        if (ctx instanceof SeedStmtContext s) {
            return new TrainStmt.Seed(expr(s.value, s), span);
        }
        if (ctx instanceof LogStmtContext l && l.cadence() != null && l.cadence().unit != null) {
            return new TrainStmt.Log(cadence(l.cadence()), span);
        }
        if (ctx instanceof EvaluateStmtContext e && e.dataset != null) {
            TrainStmt.Cadence every = e.cadence() == null || e.cadence().unit == null ? null : cadence(e.cadence());
            List<Ident> metrics = e.identList() == null ? List.of()
                    : e.identList().ident().stream().map(this::ident).toList();
            return new TrainStmt.Evaluate(ident(e.dataset), every, metrics, span);
        }
        if (ctx instanceof CheckpointStmtContext c && c.path != null) {
            TrainStmt.Cadence every = c.cadence() == null || c.cadence().unit == null ? null : cadence(c.cadence());
            return new TrainStmt.Checkpoint(new TrainStmt.StringPath(unquote(c.path.getText()), span(c.path)),
                    every, span);
        }
        if (ctx instanceof LabelsStmtContext l) {
            return new TrainStmt.Labels(l.STRING().stream().map(t -> new TrainStmt.StringPath(unquote(t.getText()),
                    span(t.getSymbol()))).toList(), span);
        }
        if (ctx instanceof InitStmtContext i && i.target != null) {
            return new TrainStmt.Init(i.target.ident().stream().map(this::ident).toList(), expr(i.value, i), span);
        }
        return null;
    }

    private TrainStmt.Cadence cadence(CadenceContext c) {
        return new TrainStmt.Cadence(c.count == null ? null : expr(c.count, c), ident(c.unit), span(c));
    }

    private Expr expr(ExprContext ctx, ParserRuleContext parent) {
        if (ctx == null || ctx.exception != null && ctx.getChildCount() == 0) {
            return new Expr.Missing(parent == null ? Span.NONE : endOf(parent));
        }
        Expr e = exprs.visit(ctx);
        return e == null ? new Expr.Missing(span(ctx)) : e;
    }

    private Ident ident(IdentContext ctx) {
        Token name = ctx.getStart();
        return new Ident(name.getText(), source.span(name.getStartIndex(), name.getStopIndex() + 1));
    }

    Span span(ParserRuleContext ctx) {
        Token start = ctx.getStart();
        Token stop = ctx.getStop();
        int s = start == null || start.getStartIndex() < 0 ? 0 : start.getStartIndex();
        int e = stop == null || stop.getStopIndex() < s ? s : stop.getStopIndex() + 1;
        if (stop != null && stop.getType() == Token.EOF) {
            e = Math.max(s, stop.getStartIndex());
        }
        return source.span(s, e);
    }

    private Span span(Token t) {
        return source.span(t.getStartIndex(), t.getStopIndex() + 1);
    }

    private Span endOf(ParserRuleContext ctx) {
        Span s = span(ctx);
        return source.span(s.end(), s.end());
    }

    static String unquote(String quoted) {
        String body = quoted.length() >= 2 ? quoted.substring(1, quoted.length() - 1) : "";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char n = body.charAt(++i);
                out.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> n;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Expressions, one visit method per labelled alternative. */
    private final class ExprBuilder extends NnetBaseVisitor<Expr> {
        @Override
        public Expr visitCallExpr(CallExprContext c) {
            return new Expr.Call(ident(c.callee), args(c.argList()), span(c));
        }

        @Override
        public Expr visitMethodCallExpr(MethodCallExprContext c) {
            if (c.method == null) {
                return expr(c.receiver, c);
            }
            return new Expr.MethodCall(expr(c.receiver, c), ident(c.method), args(c.argList()), span(c));
        }

        @Override
        public Expr visitIndexExpr(IndexExprContext c) {
            List<SubscriptContext> subs = c.subscript();
            if (subs.size() == 1 && subs.get(0) instanceof IndexSubscriptContext only) {
                return new Expr.Index(expr(c.target, c), expr(only.index, only), span(c));
            }
            List<Expr.Subscript> out = new ArrayList<>();
            for (SubscriptContext sub : subs) {
                if (sub instanceof RangeSubscriptContext r) {
                    out.add(new Expr.Subscript(r.start == null ? null : expr(r.start, r),
                            r.stop == null ? null : expr(r.stop, r), true, span(r)));
                } else if (sub instanceof IndexSubscriptContext i) {
                    out.add(new Expr.Subscript(expr(i.index, i), null, false, span(i)));
                }
            }
            return new Expr.Slice(expr(c.target, c), out, span(c));
        }

        @Override
        public Expr visitNegateExpr(NegateExprContext c) {
            Expr operand = expr(c.operand, c);
            Span s = span(c);
            // Fold `-3` into a literal so dims and indices read naturally in dumps.
            if (operand instanceof Expr.IntLit i) {
                return new Expr.IntLit(-i.value(), s);
            }
            if (operand instanceof Expr.FloatLit f) {
                return new Expr.FloatLit(-f.value(), "-" + f.text(), s);
            }
            return new Expr.Negate(operand, s);
        }

        @Override
        public Expr visitMulExpr(MulExprContext c) {
            Expr.BinOp op = switch (c.op.getText()) {
                case "*" -> Expr.BinOp.MUL;
                case "/" -> Expr.BinOp.DIV;
                default -> Expr.BinOp.MOD;
            };
            return new Expr.Binary(op, expr(c.left, c), expr(c.right, c), span(c));
        }

        @Override
        public Expr visitAddExpr(AddExprContext c) {
            Expr.BinOp op = c.op.getText().equals("+") ? Expr.BinOp.ADD : Expr.BinOp.SUB;
            return new Expr.Binary(op, expr(c.left, c), expr(c.right, c), span(c));
        }

        @Override
        public Expr visitNameExpr(NameExprContext c) {
            return new Expr.Name(ident(c.ident()));
        }

        @Override
        public Expr visitIntExpr(IntExprContext c) {
            // The token's own text: after error recovery a context's text can include skipped tokens.
            String text = c.INT().getText();
            try {
                return new Expr.IntLit(Long.parseLong(text), span(c));
            } catch (NumberFormatException e) {
                return new Expr.FloatLit(Double.parseDouble(text), text, span(c));
            }
        }

        @Override
        public Expr visitFloatExpr(FloatExprContext c) {
            String text = c.FLOAT().getText();
            return new Expr.FloatLit(Double.parseDouble(text), text, span(c));
        }

        @Override
        public Expr visitStringExpr(StringExprContext c) {
            return new Expr.StringLit(unquote(c.STRING().getText()), span(c));
        }

        @Override
        public Expr visitBoolExpr(BoolExprContext c) {
            return new Expr.BoolLit(c.getStart().getText().equals("true"), span(c));
        }

        @Override
        public Expr visitListExpr(ListExprContext c) {
            return new Expr.ListLit(c.expr().stream().map(e -> expr(e, c)).toList(), span(c));
        }

        @Override
        public Expr visitParenExpr(ParenExprContext c) {
            return expr(c.expr(), c);
        }

        @Override
        public Expr visitTupleExpr(TupleExprContext c) {
            return new Expr.TupleLit(c.expr().stream().map(e -> expr(e, c)).toList(), span(c));
        }

        List<Expr.Arg> args(ArgListContext list) {
            if (list == null) {
                return List.of();
            }
            List<Expr.Arg> out = new ArrayList<>();
            for (ArgContext a : list.arg()) {
                out.add(new Expr.Arg(a.name == null ? null : ident(a.name), expr(a.value, a), span(a)));
            }
            return out;
        }
    }

    @SuppressWarnings("unused")
    private static final Class<?> PARSER = NnetParser.class;
}
