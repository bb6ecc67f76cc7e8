package dev.nnet.ir;

import dev.nnet.ir.op.IrOp;
import dev.nnet.types.TensorType;
import java.util.List;

/**
 * One value of the IR: an op applied to earlier nodes. Nodes are immutable; passes build new graphs. {@code origin}
 * is where in the {@code .nnet} source the value comes from ({@code mnist-cnn.nnet:14}), shown in dumps and in
 * comments of the generated code; {@code label} names it for people ({@code conv1}, {@code d(conv1)}).
 */
public final class Node {
    private final int id;
    private final IrOp op;
    private final List<Node> inputs;
    private final TensorType type;
    private final String origin;
    private final String label;

    Node(int id, IrOp op, List<Node> inputs, TensorType type, String origin, String label) {
        this.id = id;
        this.op = op;
        this.inputs = List.copyOf(inputs);
        this.type = type;
        this.origin = origin;
        this.label = label;
    }

    public int id() {
        return id;
    }

    public IrOp op() {
        return op;
    }

    public List<Node> inputs() {
        return inputs;
    }

    public Node input(int i) {
        return inputs.get(i);
    }

    public TensorType type() {
        return type;
    }

    public String origin() {
        return origin;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return "%" + id;
    }
}
