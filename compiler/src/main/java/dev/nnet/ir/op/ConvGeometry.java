package dev.nnet.ir.op;

import dev.nnet.types.SlidingWindow;

/** The fixed sizes of one convolution: input [C, H, W], kernel, stride, padding, dilation and groups. */
public record ConvGeometry(int inChannels, int height, int width, int outChannels, int kernelH, int kernelW,
                           int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {
    public int outHeight() {
        return new SlidingWindow(kernelH, strideH, padH, dilationH, false).outputSize(height);
    }

    public int outWidth() {
        return new SlidingWindow(kernelW, strideW, padW, dilationW, false).outputSize(width);
    }

    public String text() {
        return "k=" + kernelH + "x" + kernelW + (strideH == 1 && strideW == 1 ? "" : " s=" + strideH + "x" + strideW)
                + (padH == 0 && padW == 0 ? "" : " p=" + padH + "x" + padW)
                + (dilationH == 1 && dilationW == 1 ? "" : " d=" + dilationH + "x" + dilationW)
                + (groups == 1 ? "" : " g=" + groups);
    }
}
