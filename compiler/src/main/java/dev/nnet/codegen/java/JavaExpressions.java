package dev.nnet.codegen.java;

import com.palantir.javapoet.CodeBlock;
import dev.nnet.ir.op.PExpr;
import dev.nnet.kernels.Activation;
import java.util.List;

/**
 * Renders a point-wise expression tree as one Java float expression: the Java backend's table of functions. Each
 * form matches PyTorch's float formula, and names each operand once, so fused chains grow linearly.
 */
final class JavaExpressions {
    private JavaExpressions() {
    }

    static CodeBlock fn1(PExpr.Fn1 fn, CodeBlock a) {
        return switch (fn) {
            case NEG -> CodeBlock.of("-($L)", a);
            case RELU -> CodeBlock.of("Math.max(0f, $L)", a);
            case SIGMOID -> CodeBlock.of("1f / (1f + (float) Math.exp(-($L)))", a);
            case TANH -> CodeBlock.of("(float) Math.tanh($L)", a);
            case GELU -> CodeBlock.of("$T.gelu($L)", Activation.class, a);
            case GELU_TANH -> CodeBlock.of("$T.geluTanh($L)", Activation.class, a);
            case GELU_SLOPE -> CodeBlock.of("$T.geluSlope($L)", Activation.class, a);
            case GELU_TANH_SLOPE -> CodeBlock.of("$T.geluTanhSlope($L)", Activation.class, a);
        };
    }

    /**
     * RELU_GRAD keeps dy where y > 0 with a sign mask instead of a branch: C2 vectorizes it, and random signs
     * mispredict a branch (610 µs against 40 µs on a [64, 16, 12, 12] tensor). y is a ReLU output, so never
     * negative or -0. The sigmoid and tanh gradients read y twice; y is always a stored value, never fused.
     */
    static CodeBlock fn2(PExpr.Fn2 fn, CodeBlock a, CodeBlock b) {
        return switch (fn) {
            case ADD -> CodeBlock.of("($L + $L)", a, b);
            case SUB -> CodeBlock.of("($L - $L)", a, b);
            case MUL -> CodeBlock.of("($L * $L)", a, b);
            case DIV -> CodeBlock.of("($L / $L)", a, b);
            case RELU_GRAD -> CodeBlock.of("Float.intBitsToFloat(Float.floatToRawIntBits($L) & "
                    + "(-Float.floatToRawIntBits($L) >> 31))", a, b);
            case SIGMOID_GRAD -> CodeBlock.of("($L * (1f - $L) * $L)", a, b, b);
            case TANH_GRAD -> CodeBlock.of("($L * (1f - $L * $L))", a, b, b);
            case LEAKY_RELU -> CodeBlock.of("$T.leakyRelu($L, $L)", Activation.class, a, b);
            case LEAKY_RELU_SLOPE -> CodeBlock.of("$T.leakyReluSlope($L, $L)", Activation.class, a, b);
        };
    }

    static String constant(float value) {
        return Float.isNaN(value) ? "Float.NaN" : (value + "f").replace("Infinityf", "Float.POSITIVE_INFINITY");
    }

    /** The Java of {@code expr}, given the Java expression of each input element. */
    static CodeBlock render(PExpr expr, List<String> inputs) {
        return expr.fold(new PExpr.Folder<CodeBlock>() {
            public CodeBlock in(PExpr.In in) {
                return CodeBlock.of("$L", inputs.get(in.index()));
            }

            public CodeBlock constant(PExpr.Const c) {
                return CodeBlock.of("$L", JavaExpressions.constant(c.value()));
            }

            public CodeBlock call1(PExpr.Fn1 fn, CodeBlock a) {
                return fn1(fn, a);
            }

            public CodeBlock call2(PExpr.Fn2 fn, CodeBlock a, CodeBlock b) {
                return fn2(fn, a, b);
            }
        });
    }
}
