package dev.nnet.ops.shape;

import dev.nnet.ir.Node;
import dev.nnet.ops.LowerContext;
import dev.nnet.ops.OpBase;
import dev.nnet.ops.OpContext;
import dev.nnet.ops.OpKind;
import dev.nnet.ops.Shapes;
import dev.nnet.ops.Signature;
import dev.nnet.types.Args;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code t()}: PyTorch's transpose of a matrix; a vector or scalar is returned as it is. */
public final class TransposeMatrix extends OpBase {
    public TransposeMatrix() {
        super("t", "t", OpKind.STATELESS, Signature.of(), List.of("input"));
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        Optional<TensorType> in = Shapes.tensorInput(ctx, inputs, 0);
        if (in.isEmpty() || !Shapes.requireRank(ctx, 0, in.get(), Set.of(0, 1, 2), "a tensor of rank 2 or less")) {
            return Value.UNKNOWN;
        }
        TensorType x = in.get();
        return new Value.Tensor(x.rank() < 2 ? x : x.withDims(List.of(x.dim(1), x.dim(0))), name());
    }

    /** A matrix's rows become columns by a copy; a vector or scalar is passed through. */
    @Override
    public Node lower(LowerContext cx) {
        Node x = cx.input(0);
        return x.type().rank() < 2 ? cx.reshapeToOutput() : cx.add(new dev.nnet.ir.op.Transpose(0, 1), x);
    }

    @Override
    public String doc() {
        return "Transposes a matrix: [N, L].t() is [L, N]; for higher ranks use transpose(dim0, dim1).";
    }
}
