package dev.nnet.codegen.onnx;

import dev.nnet.ir.Graph;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Input;
import dev.nnet.ir.op.Param;
import dev.nnet.lower.LoweredProgram;
import java.util.List;
import java.util.Map;

/**
 * Exports a model's inference graph as an ONNX model (opset 17): the lowered, optimized {@code predict} graph,
 * each op rendered from {@link OnnxRenderers}' table, the parameters as initializers with their PyTorch names, the
 * input named as in the {@code .nnet} file and the output {@code output}, the batch left symbolic.
 */
public final class OnnxBackend {
    private OnnxBackend() {
    }

    /**
     * @param weights every parameter's values by {@code state_dict} name, row-major
     * @throws UnsupportedOperationException for an op with no ONNX form
     * @throws IllegalArgumentException for a missing or mis-sized weight
     */
    public static byte[] export(LoweredProgram.Model model, Map<String, float[]> weights, String source) {
        Graph predict = model.predict().graph();
        OnnxGraph g = new OnnxGraph(predict.batchSymbol());
        for (Node n : predict.nodes()) {
            if (n.op() instanceof Input in) {
                g.input(in.binding(), n.type());
            } else if (n.op() instanceof Param p) {
                float[] values = weights.get(p.stateName());
                long count = n.type().numel().constant().orElseThrow();
                if (values == null || values.length != count) {
                    throw new IllegalArgumentException("the weights have " + (values == null ? "no `" + p.stateName()
                            + "`" : values.length + " values for `" + p.stateName() + "`") + "; the model needs "
                            + count + " (" + n.type() + ")");
                }
                List<Long> dims = n.type().dims().stream().map(d -> d.constant().orElseThrow()).toList();
                g.floats(p.stateName(), dims, values);
            }
            OnnxRenderers.render(n, g);
        }
        Node out = predict.outputs().get("output");
        g.node("Identity", List.of(OnnxGraph.name(out)), "output");
        g.output("output", out.type());
        return g.model(model.model().name(), "0.1.0", "model `" + model.model().name() + "` from " + source
                + ", exported by nnetc");
    }
}
