package dev.nnet.codegen.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.nnet.ir.Node;
import dev.nnet.types.Dim;

/**
 * What an op's Java renderer writes through: the arrays and sizes the memory plan assigned, fields for state an op
 * keeps between calls (kernel objects, pooling indices, optimizer buffers), and the statements themselves, in
 * JavaPoet {@code $L}/{@code $T} format.
 */
public interface JavaEmitter {
    /** The array holding {@code n}'s value ({@code float[]}, or {@code int[]} for integer tensors), from index 0. */
    String array(Node n);

    /** Java expression for {@code n}'s element count, e.g. {@code n * 320}. */
    String count(Node n);

    /** Java expression for a dimension, with the batch symbol replaced by the batch-size variable. */
    String size(Dim d);

    /** Java expression for a size at the largest batch (the batch symbol replaced by {@link #maxBatch}). */
    String capacity(Dim d);

    /** The variable holding the number of samples in this call. */
    String batch();

    /** The constructor variable holding the largest batch, for sizing fields. */
    String maxBatch();

    /** The {@code Rng} variable of this call (dropout masks). */
    String rng();

    /** The optimizer step being taken, counted from 1 (a {@code long} expression). */
    String step();

    /**
     * Declares a field initialized once in the constructor and returns its name; a second request with the same
     * {@code key} returns the same field, so a layer's backward reuses the kernel object of its forward.
     * {@code nameHint} reads like {@code conv1Kernel}.
     */
    String field(String key, String nameHint, TypeName type, CodeBlock init);

    /**
     * The {@link #field} key of state that belongs to one node ({@code kind} names it: pooling indices, dropout
     * masks), shared by that node's forward and backward code only. Node ids are unique within one graph, and a
     * generated class holds several graphs, so the key names the graph too.
     */
    String nodeKey(Node n, String kind);

    /** The nodes of the graph being written that read {@code n} (in either method of a split graph). */
    java.util.List<Node> users(Node n);

    /**
     * For a loss node whose call also writes its gradient, that gradient node; for such a gradient node, its loss
     * node; else null ({@link LossWithGradient}).
     */
    default Node lossPartner(Node n) {
        return null;
    }

    void statement(String format, Object... args);

    /** A block of code (loops); must end with a newline. */
    void code(CodeBlock block);

    /** A fresh local variable name. */
    String local(String hint);
}
