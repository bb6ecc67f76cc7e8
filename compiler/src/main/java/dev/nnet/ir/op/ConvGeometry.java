package dev.nnet.ir.op;

import dev.nnet.ir.Emitter;
import dev.nnet.ir.Node;
import com.palantir.javapoet.CodeBlock;

/** The fixed sizes of one convolution: input [C, H, W], kernel, stride, padding, dilation and groups. */
public record ConvGeometry(int inChannels, int height, int width, int outChannels, int kernelH, int kernelW,
                           int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {
    public int outHeight() {
        return (height + 2 * padH - dilationH * (kernelH - 1) - 1) / strideH + 1;
    }

    public int outWidth() {
        return (width + 2 * padW - dilationW * (kernelW - 1) - 1) / strideW + 1;
    }

    public String text() {
        return "k=" + kernelH + "x" + kernelW + (strideH == 1 && strideW == 1 ? "" : " s=" + strideH + "x" + strideW)
                + (padH == 0 && padW == 0 ? "" : " p=" + padH + "x" + padW)
                + (dilationH == 1 && dilationW == 1 ? "" : " d=" + dilationH + "x" + dilationW)
                + (groups == 1 ? "" : " g=" + groups);
    }

    /** The shared {@code dev.nnet.kernels.Conv2d} object for this geometry. */
    String kernel(Emitter e, String hint) {
        return e.field("conv:" + this, hint + "Kernel", e.kernel("Conv2d"), construct(e, ""));
    }

    /**
     * The {@code Conv2d} object of the forward convolutions of {@code x} with this geometry that keeps their column
     * matrix, so that the weight gradient taken in the same graph ({@link #keepsColumns}) multiplies by it instead of
     * building it again. The columns depend only on x and the geometry, so such convolutions can share it.
     */
    String keepingKernel(Emitter e, Node x, String hint) {
        return e.field(e.nodeKey(x, "conv-columns:" + this), hint + "ColumnsKernel", e.kernel("Conv2d"),
                construct(e, ", true"));
    }

    private CodeBlock construct(Emitter e, String extra) {
        return CodeBlock.of("new $T($L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L$L)", e.kernel("Conv2d"),
                e.maxBatch(), inChannels, height, width, outChannels, kernelH, kernelW, strideH, strideW, padH, padW,
                dilationH, dilationW, groups, extra);
    }

    /** Whether the graph both convolves {@code x} with this geometry and takes that convolution's weight gradient. */
    boolean keepsColumns(Emitter e, Node x) {
        boolean forward = false;
        boolean weightGradient = false;
        for (Node n : e.graphNodes()) {
            if (n.op() instanceof Conv2d c && c.geometry().equals(this) && n.input(0).equals(x)) {
                forward = true;
            } else if (n.op() instanceof Conv2dGradWeight w && w.geometry().equals(this) && n.input(1).equals(x)) {
                weightGradient = true;
            }
        }
        return forward && weightGradient;
    }
}
