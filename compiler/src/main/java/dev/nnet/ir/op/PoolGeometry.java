package dev.nnet.ir.op;

import dev.nnet.types.SlidingWindow;

/** The fixed sizes of one pooling: kind, input [C, H, W], window, stride, padding and PyTorch's options. */
public record PoolGeometry(boolean max, int channels, int height, int width, int kernelH, int kernelW, int strideH,
                           int strideW, int padH, int padW, boolean ceilMode, boolean countIncludePad) {
    public int outHeight() {
        return new SlidingWindow(kernelH, strideH, padH, 1, ceilMode).outputSize(height);
    }

    public int outWidth() {
        return new SlidingWindow(kernelW, strideW, padW, 1, ceilMode).outputSize(width);
    }

    public String text() {
        return "k=" + kernelH + "x" + kernelW + " s=" + strideH + "x" + strideW
                + (padH == 0 && padW == 0 ? "" : " p=" + padH + "x" + padW) + (ceilMode ? " ceil" : "")
                + (max || countIncludePad ? "" : " exclude_pad");
    }
}
