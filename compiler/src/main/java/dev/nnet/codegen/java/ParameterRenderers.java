package dev.nnet.codegen.java;

import com.palantir.javapoet.CodeBlock;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.AccumulateGrad;
import dev.nnet.ir.op.Optimizer;
import dev.nnet.ir.op.Update;
import dev.nnet.runtime.Tensor;
import dev.nnet.runtime.optim.Adam;
import dev.nnet.runtime.optim.RmsProp;
import dev.nnet.runtime.optim.Sgd;
import dev.nnet.types.Dim;
import java.util.ArrayList;
import java.util.List;

/**
 * Ops that write a parameter's state: optimizer steps on the runtime's optimizer classes, with their state in
 * checkpointed tensors, and {@code .grad} accumulation.
 */
final class ParameterRenderers {
    private ParameterRenderers() {
    }

    /** How one optimizer is called: its class, its state arguments in order, and its hyper-parameters. */
    private record Call(Class<?> runtime, List<String> stateSlots, String hyperParameters) {
    }

    private static Call call(Optimizer o, JavaEmitter e) {
        if (o instanceof Optimizer.Sgd s) {
            return new Call(Sgd.class, List.of("momentum_buffer"), s.lr() + ", " + s.momentum() + ", "
                    + s.dampening() + ", " + s.weightDecay() + ", " + s.nesterov() + ", " + e.step() + " == 1");
        }
        if (o instanceof Optimizer.Adam a) {
            return new Call(Adam.class, List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq"), a.lr() + ", " + a.beta1()
                    + ", " + a.beta2() + ", " + a.eps() + ", " + a.weightDecay() + ", " + a.amsgrad() + ", " + e.step());
        }
        Optimizer.RmsProp r = (Optimizer.RmsProp) o;
        return new Call(RmsProp.class, List.of("square_avg", "momentum_buffer", "grad_avg"), r.lr() + ", " + r.alpha()
                + ", " + r.eps() + ", " + r.weightDecay() + ", " + r.momentum() + ", " + r.centered());
    }

    static void update(Update op, Node self, JavaEmitter e) {
        Node p = self.input(0);
        Node grad = self.input(1);
        Call call = call(op.optimizer(), e);
        List<String> args = new ArrayList<>(List.of(e.array(p), e.array(grad)));
        for (String state : call.stateSlots()) {
            args.add(op.optimizer().stateNames().contains(state) ? state(e, p, op.parameter(), state) + ".data()"
                    : "null");
        }
        args.add(e.count(p));
        e.statement("$T.step($L, $L)", call.runtime(), String.join(", ", args), call.hyperParameters());
    }

    static void accumulateGrad(AccumulateGrad op, Node self, JavaEmitter e) {
        Node p = self.input(0);
        String tensor = gradTensor(e, op.parameter(), p.type().dims());
        String sum = e.local("grad");
        e.statement("float[] $L = $L.data()", sum, tensor);
        e.code(CodeBlock.builder()
                .beginControlFlow("for (int i = 0; i < $L; i++)", e.count(p))
                .addStatement("$L[i] += $L[i]", sum, e.array(self.input(1)))
                .endControlFlow()
                .build());
    }

    /** The {@code .grad} tensor of {@code parameter} (shaped {@code dims}), which the model class declares. */
    static String gradTensor(JavaEmitter e, String parameter, List<Dim> dims) {
        return tensor(e, "grad:" + parameter, parameter + "_grad", parameter + ".grad", dims);
    }

    private static String state(JavaEmitter e, Node p, String parameter, String state) {
        String name = "optimizer." + parameter + "." + state;
        return tensor(e, "state:" + name, p.label() + "_" + state, name, p.type().dims());
    }

    /** A field holding a named tensor of this shape; the key makes it one per name. */
    private static String tensor(JavaEmitter e, String key, String hint, String name, List<Dim> shape) {
        List<String> dims = new ArrayList<>();
        for (Dim d : shape) {
            dims.add(e.size(d));
        }
        return e.field(key, hint, com.palantir.javapoet.ClassName.get(Tensor.class),
                CodeBlock.of("new $T($S, $L)", Tensor.class, name, String.join(", ", dims)));
    }
}
