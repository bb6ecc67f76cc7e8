package dev.nnet.ir.op;

import dev.nnet.ir.Shapes;
import dev.nnet.types.TensorType;
import java.util.Set;

/**
 * A weight or bias gradient whose kernel can add it into a parameter's {@code .grad} tensor (a GEMM with beta = 1,
 * a reduction that accumulates) instead of writing a buffer that a copy loop then adds: with {@link #into} set, the
 * node is that accumulation, an effect with no value (the accumulate-in-place pass sets it).
 */
public sealed interface AccumulatesInto extends BackwardOp permits LinearGradWeight, SumRows, Conv2dGradWeight,
        ChannelSum {
    /** The parameter whose {@code .grad} this adds into, or null when it computes a value. */
    String into();

    /** This gradient, adding into {@code parameter}'s {@code .grad}. */
    AccumulatesInto accumulatingInto(String parameter);

    /** The gradient's own shape, whether or not it accumulates. */
    TensorType gradientType(java.util.List<TensorType> inputs);

    @Override
    default TensorType infer(java.util.List<TensorType> inputs) {
        TensorType t = gradientType(inputs);
        return into() == null ? t : Shapes.scalar();
    }

    @Override
    default Set<Trait> traits() {
        return into() == null ? Set.of() : Set.of(Trait.EFFECT);
    }

    /** The {@code into=} attribute of the text form. */
    default String intoText() {
        return into() == null ? "" : " into=" + into();
    }
}
