package dev.nnet.check;

import dev.nnet.ast.Expr;
import dev.nnet.ops.Op;
import dev.nnet.types.Args;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checked train block as data, for lowering and code generation: only settings that checked cleanly are here.
 * Mutable while the checker fills it; read-only afterwards by convention.
 */
public final class TrainSettings {
    /** A data set: its source ({@code mnist}), bound arguments (null for {@code tensors}) and source expression. */
    public record Data(String name, String source, Args args, Expr expr, List<TensorType> inputs, TensorType target) {
    }

    /** {@code scale · op(args)}. */
    public record Loss(Op op, Args args, double scale) {
    }

    /** {@code span}: the {@code optimizer} statement, named in the generated update code. */
    public record Optimizer(String name, Args args, dev.nnet.diag.Span span) {
    }

    /** {@code every count unit}; unit is {@code batches} or {@code epochs} (singular forms normalized). */
    public record Cadence(long count, String unit) {
    }

    public record Evaluation(String data, Cadence every, List<String> metrics) {
    }

    /** {@code init path = name(args)}, or a literal when {@code literal} is non-null. */
    public record Init(String parameter, String name, Args args, Expr literal) {
    }

    final Map<String, Data> data = new LinkedHashMap<>();
    Loss loss;
    Optimizer optimizer;
    /** -1 for {@code batch full}. */
    long batch = -1;
    boolean shuffle;
    boolean dropLast;
    long epochs = 1;
    Long seed;
    Cadence log;
    final List<Evaluation> evaluations = new ArrayList<>();
    String checkpoint;
    Cadence checkpointEvery;
    final List<Init> inits = new ArrayList<>();
    /** {@code labels ...}: class names in index order; empty when the train block gives none. */
    List<String> labels = List.of();

    public Map<String, Data> data() {
        return data;
    }

    public Loss loss() {
        return loss;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public long batch() {
        return batch;
    }

    public boolean shuffle() {
        return shuffle;
    }

    public boolean dropLast() {
        return dropLast;
    }

    public long epochs() {
        return epochs;
    }

    public Long seed() {
        return seed;
    }

    public Cadence log() {
        return log;
    }

    public List<Evaluation> evaluations() {
        return evaluations;
    }

    public String checkpoint() {
        return checkpoint;
    }

    public Cadence checkpointEvery() {
        return checkpointEvery;
    }

    public List<Init> inits() {
        return inits;
    }

    public List<String> labels() {
        return labels;
    }
}
