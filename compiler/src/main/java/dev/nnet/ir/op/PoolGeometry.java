package dev.nnet.ir.op;


/** The fixed sizes of one pooling: kind, input [C, H, W], window, stride, padding and PyTorch's options. */
public record PoolGeometry(boolean max, int channels, int height, int width, int kernelH, int kernelW, int strideH,
                           int strideW, int padH, int padW, boolean ceilMode, boolean countIncludePad) {
    public int outHeight() {
        return outSize(height, kernelH, strideH, padH);
    }

    public int outWidth() {
        return outSize(width, kernelW, strideW, padW);
    }

    /** PyTorch's rule: with ceil_mode, the last window must start inside the input or left padding. */
    private int outSize(int size, int k, int s, int p) {
        int span = size + 2 * p - k;
        int out = (ceilMode ? Math.floorDiv(span + s - 1, s) : Math.floorDiv(span, s)) + 1;
        if (ceilMode && (out - 1) * s >= size + p) {
            out--;
        }
        return out;
    }

    public String text() {
        return "k=" + kernelH + "x" + kernelW + " s=" + strideH + "x" + strideW
                + (padH == 0 && padW == 0 ? "" : " p=" + padH + "x" + padW) + (ceilMode ? " ceil" : "")
                + (max || countIncludePad ? "" : " exclude_pad");
    }
}
