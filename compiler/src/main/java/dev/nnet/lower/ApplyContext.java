package dev.nnet.lower;

import dev.nnet.check.Trace;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.IrOp;
import dev.nnet.ops.LowerContext;
import dev.nnet.ops.ParamTensor;
import dev.nnet.types.Args;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.List;

/** One recorded application of the checker's trace, as its op's lowering sees it. */
final class ApplyContext implements LowerContext {
    private final ForwardLowering lowering;
    private final Trace.Apply apply;
    private final String origin;
    private boolean tupleBound;

    ApplyContext(ForwardLowering lowering, Trace.Apply apply, String origin) {
        this.lowering = lowering;
        this.apply = apply;
        this.origin = origin;
    }

    @Override
    public Args args() {
        return apply.args();
    }

    @Override
    public Node input(int i) {
        return lowering.node(apply.inputs().get(i), apply.span());
    }

    @Override
    public List<Node> inputList(int i) {
        List<Node> nodes = new ArrayList<>();
        for (Value v : ((Value.Seq) apply.inputs().get(i)).items()) {
            nodes.add(lowering.node(v, apply.span()));
        }
        return nodes;
    }

    @Override
    public List<Node> withParameters(Node x) {
        List<Node> in = new ArrayList<>(List.of(x));
        for (ParamTensor p : apply.op().parameters(apply.args())) {
            in.add(lowering.params().get(apply.layerPath(), p));
        }
        return in;
    }

    @Override
    public boolean present(int i) {
        return i < apply.inputs().size() && !(apply.inputs().get(i) instanceof Value.Absent);
    }

    @Override
    public void bindTuple(List<Node> items) {
        List<Value> leaves = new ArrayList<>();
        flatten(apply.output(), leaves);
        if (leaves.size() != items.size()) {
            throw unsupported("`" + apply.op().name() + "` returns " + leaves.size() + " tensors but lowered to "
                    + items.size());
        }
        for (int i = 0; i < leaves.size(); i++) {
            lowering.bind(leaves.get(i), items.get(i));
        }
        tupleBound = true;
    }

    private static void flatten(Value v, List<Value> into) {
        if (v instanceof Value.Seq s) {
            s.items().forEach(item -> flatten(item, into));
        } else {
            into.add(v);
        }
    }

    /** Whether {@link #bindTuple} was called. */
    boolean tupleBound() {
        return tupleBound;
    }

    @Override
    public TensorType output() {
        return lowering.sized(((Value.Tensor) apply.output()).type());
    }

    @Override
    public boolean training() {
        return lowering.training();
    }

    @Override
    public Node add(IrOp op, Node... inputs) {
        String label = apply.layerPath() != null ? apply.layerPath() : apply.op().name();
        return lowering.add(op, origin, label, inputs);
    }

    @Override
    public RuntimeException unsupported(String message) {
        return new LoweringException(apply.span(), message);
    }
}
