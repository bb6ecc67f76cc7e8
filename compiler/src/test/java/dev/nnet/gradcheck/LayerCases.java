package dev.nnet.gradcheck;

import static dev.nnet.gradcheck.CaseBuilder.N;
import static dev.nnet.gradcheck.CaseBuilder.shape;

import dev.nnet.gradcheck.CaseBuilder.Fill;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Act;
import dev.nnet.ir.op.Conv2d;
import dev.nnet.ir.op.ConvGeometry;
import dev.nnet.ir.op.Linear;
import dev.nnet.ir.op.Pool2d;
import dev.nnet.ir.op.PoolGeometry;
import java.util.ArrayList;
import java.util.List;

/** Gradient checks of the layers with parameters or windows: linear, conv2d, max and average pooling. */
final class LayerCases {
    private LayerCases() {
    }

    static List<GradCase> cases() {
        List<GradCase> out = new ArrayList<>();
        out.add(new GradCase("linear [N,5] -> 7 with bias", c -> {
            Node x = c.param("x", shape(N, 5));
            c.weightedSum(c.op(new Linear(true, Act.NONE), x, c.param("w", shape(7, 5)), c.param("b", shape(7))));
        }));
        out.add(new GradCase("linear [N,5] -> 3 without bias", c -> {
            Node x = c.param("x", shape(N, 5));
            c.weightedSum(c.op(new Linear(false, Act.NONE), x, c.param("w", shape(3, 5))));
        }));
        out.add(new GradCase("linear over the last axis of [N,2,5]", c -> {
            Node x = c.param("x", shape(N, 2, 5));
            c.weightedSum(c.op(new Linear(true, Act.NONE), x, c.param("w", shape(7, 5)), c.param("b", shape(7))));
        }));
        out.add(new GradCase("linear of data (no input gradient)", c -> {
            Node x = c.input("x", shape(N, 5), Fill.UNIFORM);
            c.weightedSum(c.op(new Linear(true, Act.NONE), x, c.param("w", shape(7, 5)), c.param("b", shape(7))));
        }));
        // ConvGeometry(inC, H, W, outC, kH, kW, strideH, strideW, padH, padW, dilationH, dilationW, groups)
        conv(out, "conv2d 3x3 on [N,3,7,5] with bias", new ConvGeometry(3, 7, 5, 4, 3, 3, 1, 1, 0, 0, 1, 1, 1), true);
        conv(out, "conv2d 3x2 stride 2x1 pad 1x2 dilation 1x2 without bias",
                new ConvGeometry(3, 7, 5, 5, 3, 2, 2, 1, 1, 2, 1, 2, 1), false);
        conv(out, "conv2d 3 groups 2x3 stride 1x2 pad 1x0 dilation 2x1 with bias",
                new ConvGeometry(3, 7, 5, 6, 2, 3, 1, 2, 1, 0, 2, 1, 3), true);
        conv(out, "conv2d 1x1 stride 3 pad 1 with bias", new ConvGeometry(2, 5, 7, 3, 1, 1, 3, 3, 1, 1, 1, 1, 1), true);
        conv(out, "conv2d 2 groups 3x3 stride 2 pad 1 without bias",
                new ConvGeometry(4, 5, 5, 2, 3, 3, 2, 2, 1, 1, 1, 1, 2), false);
        out.add(new GradCase("conv2d of data (no input gradient)", c -> {
            ConvGeometry g = new ConvGeometry(3, 7, 5, 2, 3, 3, 2, 2, 1, 1, 1, 1, 1);
            Node x = c.input("x", shape(N, 3, 7, 5), Fill.UNIFORM);
            c.weightedSum(c.op(new Conv2d(g, true, Act.NONE), x, c.param("w", shape(2, 3, 3, 3)),
                    c.param("b", shape(2))));
        }));
        // PoolGeometry(max, C, H, W, kH, kW, strideH, strideW, padH, padW, ceilMode, countIncludePad)
        pool(out, "max_pool2d 2x2 stride 2 on [N,3,7,5]", new PoolGeometry(true, 3, 7, 5, 2, 2, 2, 2, 0, 0, false, true));
        pool(out, "max_pool2d 3x2 stride 2x1 pad 1 ceil", new PoolGeometry(true, 3, 7, 5, 3, 2, 2, 1, 1, 1, true, true));
        pool(out, "max_pool2d 3x3 stride 2 pad 1", new PoolGeometry(true, 2, 5, 7, 3, 3, 2, 2, 1, 1, false, true));
        pool(out, "avg_pool2d 3x3 stride 2 pad 1", new PoolGeometry(false, 3, 7, 5, 3, 3, 2, 2, 1, 1, false, true));
        pool(out, "avg_pool2d 3x2 stride 2 pad 1 ceil exclude_pad",
                new PoolGeometry(false, 3, 7, 5, 3, 2, 2, 2, 1, 1, true, false));
        pool(out, "avg_pool2d 2x2 stride 2 ceil (clipped last window)",
                new PoolGeometry(false, 2, 7, 5, 2, 2, 2, 2, 0, 0, true, true));
        pool(out, "avg_pool2d 3x1 stride 1x2", new PoolGeometry(false, 3, 5, 7, 3, 1, 1, 2, 0, 0, false, true));
        return out;
    }

    private static void conv(List<GradCase> out, String name, ConvGeometry g, boolean bias) {
        out.add(new GradCase(name, c -> {
            Node x = c.param("x", shape(N, g.inChannels(), g.height(), g.width()));
            Node w = c.param("w", shape(g.outChannels(), g.inChannels() / g.groups(), g.kernelH(), g.kernelW()));
            c.weightedSum(bias ? c.op(new Conv2d(g, true, Act.NONE), x, w, c.param("b", shape(g.outChannels())))
                    : c.op(new Conv2d(g, false, Act.NONE), x, w));
        }));
    }

    /** Max pooling reads distinct values, so no window has a tie that a finite-difference step could flip. */
    private static void pool(List<GradCase> out, String name, PoolGeometry g) {
        out.add(new GradCase(name, c -> {
            Node x = c.param("x", shape(N, g.channels(), g.height(), g.width()), g.max() ? Fill.DISTINCT : Fill.UNIFORM);
            c.weightedSum(c.op(new Pool2d(g), x));
        }));
    }
}
