package dev.nnet.codegen.java;

import dev.nnet.ir.Node;
import dev.nnet.ir.op.AccumulateGrad;
import dev.nnet.ir.op.ChannelSum;
import dev.nnet.ir.op.Concat;
import dev.nnet.ir.op.Conv2d;
import dev.nnet.ir.op.Conv2dGradInput;
import dev.nnet.ir.op.Conv2dGradWeight;
import dev.nnet.ir.op.Dropout;
import dev.nnet.ir.op.DropoutGrad;
import dev.nnet.ir.op.EmbeddingLookup;
import dev.nnet.ir.op.EmbeddingLookupGrad;
import dev.nnet.ir.op.Fill;
import dev.nnet.ir.op.Input;
import dev.nnet.ir.op.IrOp;
import dev.nnet.ir.op.Linear;
import dev.nnet.ir.op.LinearGradInput;
import dev.nnet.ir.op.LinearGradWeight;
import dev.nnet.ir.op.Loss;
import dev.nnet.ir.op.LossGrad;
import dev.nnet.ir.op.Param;
import dev.nnet.ir.op.Pointwise;
import dev.nnet.ir.op.Pool2d;
import dev.nnet.ir.op.Pool2dGrad;
import dev.nnet.ir.op.RecurrentLayers;
import dev.nnet.ir.op.RecurrentLayersGrad;
import dev.nnet.ir.op.ReduceTo;
import dev.nnet.ir.op.Reshape;
import dev.nnet.ir.op.Slice;
import dev.nnet.ir.op.SliceGrad;
import dev.nnet.ir.op.Softmax;
import dev.nnet.ir.op.SoftmaxGrad;
import dev.nnet.ir.op.SumRows;
import dev.nnet.ir.op.Transpose;
import dev.nnet.ir.op.Update;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Java backend's table: one renderer per IR op record. {@code OpRenderersTest} walks every record the sealed
 * {@link IrOp} permits and fails when one has no entry here.
 */
final class OpRenderers {
    private static final Map<Class<? extends IrOp>, OpRenderer<?>> TABLE = new LinkedHashMap<>();

    static {
        OpRenderer<IrOp> bound = (op, self, e) -> {
            // A method argument or a parameter tensor: nothing to compute.
        };
        put(Input.class, bound::render);
        put(Param.class, bound::render);
        put(Linear.class, GemmRenderers::linear);
        put(LinearGradInput.class, GemmRenderers::linearGradInput);
        put(LinearGradWeight.class, GemmRenderers::linearGradWeight);
        put(SumRows.class, GemmRenderers::sumRows);
        put(Conv2d.class, ConvRenderers::conv2d);
        put(Conv2dGradInput.class, ConvRenderers::gradInput);
        put(Conv2dGradWeight.class, ConvRenderers::gradWeight);
        put(ChannelSum.class, ConvRenderers::channelSum);
        put(Pool2d.class, PoolRenderers::pool);
        put(Pool2dGrad.class, PoolRenderers::poolGrad);
        put(Pointwise.class, PointwiseRenderers::pointwise);
        put(ReduceTo.class, PointwiseRenderers::reduceTo);
        put(Reshape.class, LayoutRenderers::reshape);
        put(Concat.class, LayoutRenderers::concat);
        put(Slice.class, LayoutRenderers::slice);
        put(SliceGrad.class, LayoutRenderers::sliceGrad);
        put(Transpose.class, LayoutRenderers::transpose);
        put(Softmax.class, SoftmaxRenderers::softmax);
        put(SoftmaxGrad.class, SoftmaxRenderers::softmaxGrad);
        put(Loss.class, LossRenderers::loss);
        put(LossGrad.class, LossRenderers::lossGrad);
        put(Dropout.class, DropoutRenderers::dropout);
        put(DropoutGrad.class, DropoutRenderers::dropoutGrad);
        put(Update.class, ParameterRenderers::update);
        put(AccumulateGrad.class, ParameterRenderers::accumulateGrad);
        put(Fill.class, RecurrentRenderers::fill);
        put(EmbeddingLookup.class, RecurrentRenderers::embedding);
        put(EmbeddingLookupGrad.class, RecurrentRenderers::embeddingGrad);
        put(RecurrentLayers.class, RecurrentRenderers::forward);
        put(RecurrentLayersGrad.class, RecurrentRenderers::backward);
    }

    private OpRenderers() {
    }

    private static <T extends IrOp> void put(Class<T> type, OpRenderer<T> renderer) {
        TABLE.put(type, renderer);
    }

    /** The op classes this backend renders. */
    static Set<Class<? extends IrOp>> covered() {
        return Collections.unmodifiableSet(TABLE.keySet());
    }

    @SuppressWarnings("unchecked")
    static void render(Node self, JavaEmitter e) {
        OpRenderer<IrOp> r = (OpRenderer<IrOp>) TABLE.get(self.op().getClass());
        if (r == null) {
            throw new IllegalStateException("the Java backend has no renderer for " + self.op().getClass());
        }
        r.render(self.op(), self, e);
    }
}
