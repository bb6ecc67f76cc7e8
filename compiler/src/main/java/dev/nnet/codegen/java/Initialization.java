package dev.nnet.codegen.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.nnet.check.TrainSettings;
import dev.nnet.ops.ParamTensor;
import dev.nnet.types.Args;
import java.util.List;
import java.util.Map;

/**
 * Parameter initialization: PyTorch's defaults in declaration order (Kaiming-uniform weights, fan-in uniform
 * biases), then the train block's {@code init} overrides in the order written.
 */
final class Initialization {
    private static final ClassName INIT = ClassName.get("dev.nnet.runtime.init", "Init");

    private Initialization() {
    }

    static CodeBlock code(List<ParamTensor> parameters, Map<String, String> fields, TrainSettings train) {
        CodeBlock.Builder b = CodeBlock.builder();
        for (ParamTensor p : parameters) {
            String data = "model." + fields.get(p.name()) + ".data()";
            if (p.init() instanceof ParamTensor.Init.UniformHidden u) {
                b.addStatement("$T.recurrentDefault($L, $L, rng)", INIT, data, u.hiddenSize());
            } else if (p.init() instanceof ParamTensor.Init.StandardNormal normal) {
                b.addStatement("$T.embeddingDefault($L, rng)", INIT, data);
                if (normal.paddingRow() != null) {
                    long width = p.shape().get(1);
                    b.addStatement("$T.fill($L, $L, $L, 0f)", java.util.Arrays.class, data,
                            normal.paddingRow() * width, (normal.paddingRow() + 1) * width);
                }
            } else if (p.name().endsWith(".bias")) {
                String weight = p.name().substring(0, p.name().length() - "bias".length()) + "weight";
                long fanIn = parameters.stream().filter(q -> q.name().equals(weight)).findFirst()
                        .map(q -> q.count() / q.shape().get(0)).orElse(0L);
                b.addStatement("$T.defaultBias($L, $L, rng)", INIT, data, fanIn);
            } else {
                b.addStatement("$T.defaultWeight($L, new int[] {$L}, rng)", INIT, data, shape(p));
            }
        }
        for (TrainSettings.Init init : train.inits()) {
            ParamTensor p = parameters.stream().filter(q -> q.name().equals(init.parameter())).findFirst().orElseThrow();
            String data = "model." + fields.get(p.name()) + ".data()";
            b.add("// init $L = $L\n", init.parameter(), init.name());
            Args a = init.args();
            switch (init.name()) {
                case "literal":
                    b.addStatement("$T.arraycopy(new float[] {$L}, 0, $L, 0, $L)", System.class,
                            Literals.values(init.literal()), data, p.count());
                    break;
                case "normal":
                    b.addStatement("$T.normal($L, $L, $L, rng)", INIT, data, a.real("mean", 0), a.real("std", 1));
                    break;
                case "uniform":
                    b.addStatement("$T.uniform($L, $L, $L, rng)", INIT, data, a.real("a", 0), a.real("b", 1));
                    break;
                case "constant":
                    b.addStatement("$T.constant($L, $Lf)", INIT, data, (float) a.real("value", 0));
                    break;
                case "zeros":
                    b.addStatement("$T.zeros($L)", INIT, data);
                    break;
                case "ones":
                    b.addStatement("$T.ones($L)", INIT, data);
                    break;
                case "xavier_uniform":
                    b.addStatement("$T.xavierUniform($L, new int[] {$L}, $L, rng)", INIT, data, shape(p),
                            a.real("gain", 1));
                    break;
                default:
                    b.addStatement("$T.kaimingUniform($L, new int[] {$L}, $L, rng)", INIT, data, shape(p),
                            a.real("a", 0));
                    break;
            }
        }
        return b.build();
    }

    private static String shape(ParamTensor p) {
        return String.join(", ", p.shape().stream().map(String::valueOf).toList());
    }
}
