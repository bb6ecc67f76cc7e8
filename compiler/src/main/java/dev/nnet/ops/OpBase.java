package dev.nnet.ops;

import java.util.List;

/**
 * What every op declares the same way: its names, kind, signature and tensor inputs, fixed at construction so
 * each op states them once in its constructor and keeps only its own rules.
 */
public abstract class OpBase implements Op {
    private final String name;
    private final String displayName;
    private final OpKind kind;
    private final Signature signature;
    private final List<String> inputs;
    private final int optionalInputs;

    /** An op whose inputs are all required. */
    protected OpBase(String name, String displayName, OpKind kind, Signature signature, List<String> inputs) {
        this(name, displayName, kind, signature, inputs, 0);
    }

    /** An op whose last {@code optionalInputs} inputs may be left out. */
    protected OpBase(String name, String displayName, OpKind kind, Signature signature, List<String> inputs,
                     int optionalInputs) {
        this.name = name;
        this.displayName = displayName;
        this.kind = kind;
        this.signature = signature;
        this.inputs = List.copyOf(inputs);
        this.optionalInputs = optionalInputs;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String displayName() {
        return displayName;
    }

    @Override
    public final OpKind kind() {
        return kind;
    }

    @Override
    public final Signature signature() {
        return signature;
    }

    @Override
    public final List<String> inputs() {
        return inputs;
    }

    @Override
    public final int optionalInputs() {
        return optionalInputs;
    }
}
