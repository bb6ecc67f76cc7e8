package dev.nnet.ops;

import dev.nnet.ir.Node;
import dev.nnet.types.Args;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.List;

/**
 * A built-in operation of the language, defined with its family ({@code ops/pool/}, {@code ops/conv/}, ...): its
 * signature, its shape rule, its parameters, its cost and its lowering to IR. The IR ops it lowers to carry their
 * own shape and gradient rules ({@code ir/op/}); each backend renders those from its own table.
 */
public interface Op {
    /** The name users write: {@code conv2d}. */
    String name();

    /** PyTorch's class name, shown by {@code summary}: {@code Conv2d}. */
    String displayName();

    OpKind kind();

    /** Configuration parameters, bound from the declaration's arguments. */
    Signature signature();

    /** Names of the tensor inputs of an application, e.g. {@code [input]} or {@code [input, hx]}. */
    List<String> inputs();

    /** How many trailing inputs may be left out (e.g. an RNN's initial hidden state). */
    default int optionalInputs() {
        return 0;
    }

    /**
     * The shape rule: the output for these inputs, reporting through {@code ctx} and returning
     * {@link Value#UNKNOWN} when the inputs do not fit. May {@link Args#infer} inferable parameters.
     * Inputs are {@link Value.Tensor} or {@link Value.Seq} of them for list inputs.
     */
    Value apply(OpContext ctx, Args args, List<Value> inputs);

    /** Learnable tensors with PyTorch names and layouts; called once every inferable parameter is known. */
    default List<ParamTensor> parameters(Args args) {
        return List.of();
    }

    /** Multiply-accumulates of one application for one sample, given the input and output types. */
    default Dim macs(Args args, List<TensorType> inputs, TensorType output) {
        return Dim.of(0);
    }

    /**
     * The IR nodes computing one checked application; the default is for ops the code generator does not support
     * yet, which `nnetc check` accepts and compiling reports as E0003.
     */
    default Node lower(LowerContext cx) {
        throw cx.unsupported("`" + name() + "` is checked but not supported by the code generator yet");
    }

    /** One paragraph for hover and docs. */
    String doc();
}
