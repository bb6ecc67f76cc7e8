package dev.nnet.ir.op;

import dev.nnet.ir.Gradients;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.ElemType;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code embedding}: inputs int ids [*] and the table [vocabulary, dim]; output [*, dim], the table's row of each id.
 * {@code paddingIdx} (null for none) is the row that gets no gradient.
 */
public record EmbeddingLookup(Long paddingIdx) implements IrOp {
    @Override
    public String name() {
        return "embedding";
    }

    @Override
    public String attributes() {
        return paddingIdx == null ? "" : "padding_idx=" + paddingIdx;
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        Shapes.require(in.get(0).elem() == ElemType.INT, "embedding: ids must be int, found " + in.get(0));
        Shapes.require(in.get(1).rank() == 2, "embedding: the table must be [vocabulary, dim]");
        List<dev.nnet.types.Dim> dims = new ArrayList<>(in.get(0).dims());
        dims.add(in.get(1).dim(1));
        return new TensorType(ElemType.FLOAT, dims);
    }

    /** Ids are data: only the table gets a gradient, the rows of dy summed into the rows they came from. */
    @Override
    public List<Node> gradient(Gradients g, Node self, Node dOut) {
        Node table = self.input(1);
        return Arrays.asList(null, g.needs(table)
                ? g.add(self, new EmbeddingLookupGrad(table.type(), paddingIdx), dOut, self.input(0)) : null);
    }
}
