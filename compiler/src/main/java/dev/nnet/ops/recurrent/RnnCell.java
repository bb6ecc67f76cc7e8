package dev.nnet.ops.recurrent;

import static dev.nnet.ops.ParamSpec.inferred;
import static dev.nnet.ops.ParamSpec.optional;
import static dev.nnet.ops.ParamSpec.required;

import dev.nnet.diag.Code;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.RecurrentCell;
import dev.nnet.ir.op.RecurrentLayers;
import dev.nnet.ir.op.Reshape;
import dev.nnet.ops.LowerContext;
import dev.nnet.ops.ScanCell;
import dev.nnet.ops.ArgKind;
import dev.nnet.ops.OpBase;
import dev.nnet.ops.OpContext;
import dev.nnet.ops.OpKind;
import dev.nnet.ops.ParamSpec;
import dev.nnet.ops.ParamTensor;
import dev.nnet.ops.Shapes;
import dev.nnet.ops.Signature;
import dev.nnet.types.Args;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code rnn_cell(input_size, hidden_size, bias=true, nonlinearity=tanh)}: one step of an Elman RNN. */
public final class RnnCell extends OpBase implements ScanCell {
    private static final Signature SIGNATURE = Signature.of(
            inferred("input_size", ArgKind.INT, "features of the input (inferred from the first use if omitted)")
                    .alias("in"),
            required("hidden_size", ArgKind.INT, "features of the hidden state").alias("hidden"),
            optional("bias", true, "learn the biases `bias_ih` and `bias_hh`"),
            ParamSpec.word("nonlinearity", "tanh", List.of("tanh", "relu"), "`tanh` or `relu`"));

    public RnnCell() {
        super("rnn_cell", "RNNCell", OpKind.PARAMETRIC, SIGNATURE, List.of("input", "hx"), 1);
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        long hidden = args.integer("hidden_size", 1);
        if (hidden < 1) {
            return ctx.fail(Code.E0112, args.spanOf("hidden_size"),
                    "`hidden_size` of `" + ctx.layerName() + "` must be at least 1, found " + hidden,
                    r -> r.spanLabel("a size of at least 1"));
        }
        Optional<TensorType> in = Shapes.floatInput(ctx, inputs, 0);
        if (in.isEmpty() || !Shapes.requireRank(ctx, 0, in.get(), Set.of(1, 2),
                "[N, input_size] or an unbatched [input_size]")) {
            return Value.UNKNOWN;
        }
        TensorType x = in.get();
        Dim features = x.dim(-1);
        if (!Shapes.inferSize(ctx, args, "input_size", features, 0)
                || !Shapes.requireSize(ctx, args, "input_size", "input features", args.integer("input_size", -1),
                features, 0, x, "rnn_cell(" + features + ", " + hidden + ")")) {
            return Value.UNKNOWN;
        }
        TensorType h = x.withDim(-1, Dim.of(hidden));
        if (inputs.size() > 1) {
            if (inputs.get(1) instanceof Value.Unknown) {
                return Value.UNKNOWN;
            }
            if (!Recurrent.requireState(ctx, 1, inputs.get(1), h, "hx", null)) {
                return Value.UNKNOWN;
            }
        }
        return new Value.Tensor(h, name());
    }

    @Override
    public List<ParamTensor> parameters(Args args) {
        long in = args.integer("input_size", 0);
        long h = args.integer("hidden_size", 0);
        ParamTensor.Init init = new ParamTensor.Init.UniformHidden(h);
        List<ParamTensor> weights = List.of(ParamTensor.of("weight_ih", h, in).initialized(init),
                ParamTensor.of("weight_hh", h, h).initialized(init));
        return args.bool("bias", true)
                ? List.of(weights.get(0), weights.get(1), ParamTensor.of("bias_ih", h).initialized(init),
                        ParamTensor.of("bias_hh", h).initialized(init))
                : weights;
    }

    @Override
    public Dim macs(Args args, List<TensorType> inputs, TensorType output) {
        long h = args.integer("hidden_size", 0);
        return Dim.of(h * (args.integer("input_size", 0) + h));
    }

    /**
     * Stepping this cell over a sequence is exactly a one-layer {@code rnn} with the cell's weights, so scan lowers
     * to one recurrent node (the input GEMM batched over all steps) from h0 seen as [1, N, H].
     */
    @Override
    public List<Node> lowerScan(LowerContext cell, Node xs, Node h0) {
        Args args = cell.args();
        if (xs.type().rank() > 3) {
            throw cell.unsupported("`scan` over `" + name() + "` compiles for [T, N, features] or [T, features] "
                    + "inputs, found " + xs.type());
        }
        RecurrentCell kind = args.word("nonlinearity", "tanh").equals("relu") ? RecurrentCell.RNN_RELU
                : RecurrentCell.RNN_TANH;
        RecurrentLayers op = new RecurrentLayers(kind, 1, (int) args.integer("hidden_size", 1), false, false,
                args.bool("bias", true), true, false);
        List<TensorType> parts = op.parts(xs.type());
        List<Node> in = new ArrayList<>(List.of(xs, cell.add(new Reshape(parts.get(1)), h0)));
        List<Node> weights = cell.withParameters(xs);
        in.addAll(weights.subList(1, weights.size()));
        List<Node> unpacked = Recurrent.unpack(cell, cell.add(op, in.toArray(new Node[0])), parts);
        return List.of(unpacked.get(0), cell.add(new Reshape(h0.type()), unpacked.get(1)));
    }

    @Override
    public String doc() {
        return "One step of an Elman RNN: h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh) (or relu), "
                + "[N, input_size] and [N, hidden_size] → [N, hidden_size]; hx defaults to zeros. Parameters "
                + "`weight_ih` [H, input_size], `weight_hh` [H, H], `bias_ih` and `bias_hh` [H].";
    }
}
