package dev.nnet.ir.op;

import com.palantir.javapoet.CodeBlock;
import dev.nnet.ir.Emitter;
import dev.nnet.ir.Node;
import dev.nnet.types.Dim;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds a parameter's gradient into its {@code .grad} tensor, as PyTorch's {@code AccumulateGrad} does, so
 * gradients of several backward passes sum until the caller zeroes them. Inputs the parameter and its gradient.
 * The tensor is the field keyed {@code grad:<state name>} (the model class declares it public).
 */
public record AccumulateGrad(String parameter) implements ParameterEffect {
    @Override
    public String name() {
        return "accumulate_grad";
    }

    @Override
    public String attributes() {
        return parameter;
    }

    @Override
    public void emit(Emitter e, Node self) {
        Node p = self.input(0);
        Node grad = self.input(1);
        List<String> dims = new ArrayList<>();
        for (Dim d : p.type().dims()) {
            dims.add(e.size(d));
        }
        String tensor = e.field("grad:" + parameter, p.label() + "_grad", e.runtime("", "Tensor"),
                CodeBlock.of("new $T($S, $L)", e.runtime("", "Tensor"), parameter + ".grad", String.join(", ", dims)));
        String sum = e.local("grad");
        e.statement("float[] $L = $L.data()", sum, tensor);
        e.code(CodeBlock.builder()
                .beginControlFlow("for (int i = 0; i < $L; i++)", e.count(p))
                .addStatement("$L[i] += $L[$L]", sum, e.array(grad), Pointwise.plus(e.offset(grad), "i"))
                .endControlFlow()
                .build());
    }
}
