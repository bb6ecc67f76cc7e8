package dev.nnet.ops.recurrent;

import static dev.nnet.ops.ParamSpec.required;

import dev.nnet.diag.Code;
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
import dev.nnet.types.ElemType;
import dev.nnet.types.Provenance;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code embedding(num_embeddings, embedding_dim, padding_idx)}: a lookup table from indices to vectors. */
public final class Embedding extends OpBase {
    private static final Signature SIGNATURE = Signature.of(
            required("num_embeddings", ArgKind.INT, "size of the vocabulary: indices run from 0 to this − 1"),
            required("embedding_dim", ArgKind.INT, "size of each embedding vector"),
            ParamSpec.absent("padding_idx", ArgKind.INT,
                    "an index whose vector stays zero and gets no gradient (none if omitted)"));

    public Embedding() {
        super("embedding", "Embedding", OpKind.PARAMETRIC, SIGNATURE, List.of("input"));
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        long num = args.integer("num_embeddings", 1);
        long dim = args.integer("embedding_dim", 1);
        if (num < 1 || dim < 1) {
            String bad = num < 1 ? "num_embeddings" : "embedding_dim";
            return ctx.fail(Code.E0112, args.spanOf(bad),
                    "`" + bad + "` of `" + ctx.layerName() + "` must be at least 1, found " + (num < 1 ? num : dim),
                    r -> r.spanLabel("a size of at least 1"));
        }
        if (args.has("padding_idx")) {
            long pad = args.integer("padding_idx", 0);
            if (pad < -num || pad >= num) {
                return ctx.fail(Code.E0112, args.spanOf("padding_idx"),
                        "`padding_idx` of `" + ctx.layerName() + "` must be within the vocabulary, found " + pad,
                        r -> r.spanLabel("expected an index from " + -num + " to " + (num - 1)));
            }
        }
        Optional<TensorType> in = Shapes.tensorInput(ctx, inputs, 0);
        if (in.isEmpty()) {
            return Value.UNKNOWN;
        }
        TensorType x = in.get();
        if (x.elem() != ElemType.INT) {
            String noun = ctx instanceof Shapes.Named n ? n.opName() : name();
            return ctx.fail(Code.E0206, ctx.inputSpan(0),
                    noun + " `" + ctx.layerName() + "` needs integer indices, found float tensor " + x,
                    r -> {
                        r.spanLabel("float tensor " + x);
                        String origin = ctx.inputOrigin(0);
                        if (!origin.isEmpty()) {
                            r.note(origin);
                        }
                        var madeFloat = dev.nnet.ops.Blame.madeFloat(ctx.inputValue(0));
                        if (madeFloat.isPresent()) {
                            // The ids were integers; telling the user to declare them so would repeat the problem.
                            Provenance p = madeFloat.get();
                            return r.label(p.span(), "`" + p.name() + "` makes the integer ids float here")
                                    .help("give `" + ctx.layerName() + "` the integer ids from before line "
                                            + p.span().line() + "; an embedding looks them up, it does not compute "
                                            + "with them");
                        }
                        return r.help("feed token ids declared as an int tensor, e.g. `x: int[N, T]`");
                    });
        }
        List<Dim> out = new ArrayList<>(x.dims());
        out.add(Dim.of(dim));
        return new Value.Tensor(new TensorType(ElemType.FLOAT, out), name());
    }

    @Override
    public List<ParamTensor> parameters(Args args) {
        long num = args.integer("num_embeddings", 0);
        Long pad = args.has("padding_idx") && num > 0 ? Math.floorMod(args.integer("padding_idx", 0), num) : null;
        return List.of(ParamTensor.of("weight", num, args.integer("embedding_dim", 0))
                .initialized(new ParamTensor.Init.StandardNormal(pad)));
    }

    @Override
    public dev.nnet.ir.Node lower(dev.nnet.ops.LowerContext cx) {
        List<ParamTensor> table = parameters(cx.args());
        Long pad = ((ParamTensor.Init.StandardNormal) table.get(0).init()).paddingRow();
        List<dev.nnet.ir.Node> in = cx.withParameters(cx.input(0));
        return cx.add(new dev.nnet.ir.op.EmbeddingLookup(pad), in.get(0), in.get(1));
    }

    @Override
    public Dim macs(Args args, List<TensorType> inputs, TensorType output) {
        // torchinfo counts a lookup table's parameters once per sample.
        return Dim.of(args.integer("num_embeddings", 0) * args.integer("embedding_dim", 0));
    }

    @Override
    public String doc() {
        return "Looks up a learned vector for each integer index: int[*] → [*, embedding_dim]. Parameter "
                + "`weight` [num_embeddings, embedding_dim], initialised from N(0, 1); the row at `padding_idx`, if "
                + "given, is zero.";
    }
}
