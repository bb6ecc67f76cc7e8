package dev.nnet.check;

import dev.nnet.ast.Expr;
import dev.nnet.diag.Span;
import dev.nnet.ops.Op;
import dev.nnet.types.Args;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The computation of one model's forward pass as the checker ran it, flattened through blocks and layer reuse:
 * every op application with the exact values it took and made. Lowering turns it into IR, so the IR is built from
 * the same evaluation that checked the shapes rather than from a second interpretation of the source.
 */
public final class Trace {
    /** One recorded computation. Values are matched by identity: each application makes a new value. */
    public sealed interface Step {
        Span span();
    }

    /** An op or layer application; {@code layerPath} is the layer's module path, null for a direct call. */
    public record Apply(Op op, Args args, String layerPath, List<Value> inputs, Value output, Span span)
            implements Step {
    }

    /** Tensor arithmetic: {@code x + y}, {@code 0.5 * x}; one side may be a number. */
    public record Arithmetic(Expr.BinOp op, Value left, Value right, Value output, Span span) implements Step {
    }

    public record Negate(Value input, Value output, Span span) implements Step {
    }

    /**
     * {@code hs, h = scan(cell, xs, h0)}: {@code body} is what one step of the cell recorded, applied to
     * {@code step} (a slice of xs along dimension 0 that no other step makes) and h0; {@code output} is (hs, h).
     */
    public record Scan(List<Step> body, Value step, Value xs, Value h0, Value output, Span span) implements Step {
        public Scan {
            body = List.copyOf(body);
        }
    }

    /**
     * A subscript {@code x[:, 2:5]} or {@code x[:, -1]}: along each cut axis, {@code length} elements from
     * {@code start}; an index ({@code keep} false) then removes its axis. Full ranges are not cuts.
     */
    public record Slice(Value input, Value output, List<Cut> cuts, Span span) implements Step {
        public Slice {
            cuts = List.copyOf(cuts);
        }
    }

    public record Cut(int axis, dev.nnet.types.Dim start, dev.nnet.types.Dim length, boolean keep) {
    }

    private final List<Value> inputs = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();

    void input(Value v) {
        inputs.add(v);
    }

    void add(Step step) {
        steps.add(step);
    }

    /** The model's input values, in declaration order. */
    public List<Value> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    public List<Step> steps() {
        return Collections.unmodifiableList(steps);
    }
}
