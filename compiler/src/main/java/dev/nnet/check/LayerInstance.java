package dev.nnet.check;

import dev.nnet.diag.Span;
import dev.nnet.ops.Op;
import dev.nnet.ops.ParamTensor;
import dev.nnet.types.Args;
import java.util.ArrayList;
import java.util.List;

/**
 * One declared layer of one component instance: a built-in op with its bound arguments, or a block instance.
 * {@code path} is its PyTorch module path ({@code incep1.branch1x1}), the prefix of its parameter names.
 */
public final class LayerInstance {
    private final String path;
    private final String name;
    private final Op op;
    private final Instance block;
    private final Args args;
    private final Span declSpan;
    private int applications;

    LayerInstance(String path, String name, Op op, Instance block, Args args, Span declSpan) {
        this.path = path;
        this.name = name;
        this.op = op;
        this.block = block;
        this.args = args;
        this.declSpan = declSpan;
    }

    public String path() {
        return path;
    }

    public String name() {
        return name;
    }

    /** The built-in, or null for a block instance. */
    public Op op() {
        return op;
    }

    /** The block instance, or null for a built-in. */
    public Instance block() {
        return block;
    }

    public Args args() {
        return args;
    }

    public Span declSpan() {
        return declSpan;
    }

    public int applications() {
        return applications;
    }

    void applied() {
        applications++;
    }

    /** How messages name it: {@code fc}, or {@code sequential[2]} for an unnamed sequential entry. */
    public String label() {
        return name.chars().allMatch(Character::isDigit) ? "sequential[" + name + "]" : name;
    }

    /** What summary's "op" column shows: {@code Conv2d} or the block's name. */
    public String displayName() {
        return op != null ? op.displayName() : block.component().name();
    }

    /** Whether every size its parameters depend on is known (inferred sizes are filled at the first use). */
    public boolean parametersKnown() {
        if (op == null) {
            return block.layers().values().stream().allMatch(LayerInstance::parametersKnown);
        }
        return op.signature().params().stream().noneMatch(p -> p.isInferred() && !args.has(p.name()));
    }

    /** Learnable tensors with full PyTorch names, e.g. {@code incep1.branch1x1.weight}. */
    public List<ParamTensor> parameters() {
        List<ParamTensor> out = new ArrayList<>();
        if (op != null) {
            if (parametersKnown()) {
                op.parameters(args).forEach(p -> out.add(p.under(path)));
            }
        } else {
            block.layers().values().forEach(l -> out.addAll(l.parameters()));
        }
        return out;
    }

    /** The total, saturating at {@link Long#MAX_VALUE} instead of wrapping (the checker reports the layer). */
    public long parameterCount() {
        long total = 0;
        for (ParamTensor p : parameters()) {
            long n = SizeLimits.elements(p.shape());
            total = n == Long.MAX_VALUE || total > Long.MAX_VALUE - n ? Long.MAX_VALUE : total + n;
        }
        return total;
    }
}
