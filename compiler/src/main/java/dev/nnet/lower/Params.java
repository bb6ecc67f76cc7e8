package dev.nnet.lower;

import dev.nnet.ir.GraphBuilder;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Param;
import dev.nnet.ops.ParamTensor;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One {@link Param} node per learnable tensor, made at its first use, so a reused layer shares its weights. */
final class Params {
    private final GraphBuilder b;
    private final Map<String, Node> nodes = new LinkedHashMap<>();

    Params(GraphBuilder b) {
        this.b = b;
    }

    /** The node of {@code layerPath.name} (e.g. {@code conv1.weight}). */
    Node get(String layerPath, ParamTensor p) {
        String name = layerPath + "." + p.name();
        return nodes.computeIfAbsent(name, k -> b.add(new Param(k, type(p)), "", k));
    }

    static TensorType type(ParamTensor p) {
        List<Dim> dims = p.shape().stream().map(Dim::of).toList();
        return TensorType.floats(dims.toArray(new Dim[0]));
    }
}
