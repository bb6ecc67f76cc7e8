package dev.nnet.ops;

import dev.nnet.types.Args;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.List;

/**
 * A built-in operation, defined in one place: its signature, shape rule, parameters and cost. Later stages add
 * the gradient rule and emitters here too, so adding an op touches one file per concern.
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

    /** One paragraph for hover and docs. */
    String doc();
}
