package dev.nnet.ir.op;

import com.palantir.javapoet.CodeBlock;
import dev.nnet.ir.Emitter;
import dev.nnet.ir.Node;
import dev.nnet.types.Dim;
import java.util.ArrayList;
import java.util.List;

/**
 * One optimizer step for one parameter; inputs the parameter and its gradient. The optimizer's state lives in
 * fields named like PyTorch's optimizer state ({@code optimizer.fc.weight.momentum_buffer}), checkpointed.
 */
public record Update(Optimizer optimizer, String parameter) implements ParameterEffect {
    @Override
    public String name() {
        return "update";
    }

    @Override
    public String attributes() {
        return parameter + " " + optimizer.text();
    }

    @Override
    public void emit(Emitter e, Node self) {
        Node p = self.input(0);
        Node grad = self.input(1);
        List<String> args = new ArrayList<>(List.of(e.array(p), e.array(grad)));
        for (String state : optimizer.stateSlots()) {
            args.add(optimizer.stateNames().contains(state) ? state(e, p, state) + ".data()" : "null");
        }
        args.add(e.count(p));
        e.statement("$T.step($L, $L)", e.runtime("optim", optimizer.runtimeClass()), String.join(", ", args),
                optimizer.hyperParameters(e));
    }

    private String state(Emitter e, Node p, String state) {
        String name = "optimizer." + parameter + "." + state;
        List<String> dims = new ArrayList<>();
        for (Dim d : p.type().dims()) {
            dims.add(e.size(d));
        }
        return e.field("state:" + name, p.label() + "_" + state, e.runtime("", "Tensor"),
                CodeBlock.of("new $T($S, $L)", e.runtime("", "Tensor"), name, String.join(", ", dims)));
    }
}
