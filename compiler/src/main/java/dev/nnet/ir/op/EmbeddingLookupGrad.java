package dev.nnet.ir.op;

import dev.nnet.types.TensorType;
import java.util.List;

/**
 * The gradient of {@link EmbeddingLookup}'s table: inputs dy [*, dim] and the ids; a scatter-add into a tensor of
 * the table's shape, the padding row left zero.
 */
public record EmbeddingLookupGrad(TensorType table, Long paddingIdx) implements BackwardOp {
    @Override
    public String name() {
        return "embedding_grad";
    }

    @Override
    public String attributes() {
        return table.shapeText() + (paddingIdx == null ? "" : " padding_idx=" + paddingIdx);
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        return table;
    }
}
