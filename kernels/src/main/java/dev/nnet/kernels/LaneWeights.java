package dev.nnet.kernels;

/**
 * A {@link Conv2d}'s weight gradient on the lanes layout: dy (and x, unless the lanes forward kept it) copied into
 * lanes block by block on {@link Parallel} threads, then {@link LaneWeightGradient}. dy is copied without padding,
 * unless the caller passes the copy {@link LaneDataGradient} made of the same dy.
 *
 * <p>Only loaded with the Vector API. Not for concurrent use; allocates its workspaces on first use.
 */
final class LaneWeights implements Parallel.Task {
  private final LaneLayout xLayout;
  private final LaneLayout dyLayout;
  private final LaneWeightGradient gradient;
  private final int maxBatch;
  private float[] xLanes;
  private float[] dyLanes;

  private int count;
  private float[] x;
  private int xOff;
  private float[] dy;
  private int dyOff;

  LaneWeights(ConvGeometry g, int maxBatch) {
    this.xLayout = new LaneLayout(g.inChannels, g.height, g.width, g.padH, g.padW);
    this.dyLayout = new LaneLayout(g.outChannels, g.outHeight, g.outWidth, 0, 0);
    this.gradient = new LaneWeightGradient(g.inChannels, g.outChannels, g.kernelH, g.kernelW, xLayout.paddedH,
        xLayout.paddedW, g.outHeight, g.outWidth);
    this.maxBatch = maxBatch;
  }

  /**
   * dWeight (and dBias when non-null) of n samples; accumulate ? adds : overwrites. keptLanes: x already in lanes
   * (padded by the forward padding, as {@link LaneConv} keeps it), or null to copy x from NCHW. sharedDy: the same
   * dy already in unpadded lanes ({@link LaneDataGradient#dyLanes}), or null to copy dy.
   */
  void run(int n, float[] keptLanes, float[] x, int xOff, float[] sharedDy, float[] dy, int dyOff, float[] dWeight,
      float[] dBias, boolean accumulate) {
    int blocks = LaneLayout.blocks(maxBatch);
    if (dyLanes == null && sharedDy == null) {
      dyLanes = new float[Math.multiplyExact(blocks, dyLayout.block)];
    }
    if (keptLanes == null && xLanes == null) {
      xLanes = new float[Math.multiplyExact(blocks, xLayout.block)];
    }
    this.count = n;
    this.x = keptLanes == null ? x : null;
    this.xOff = xOff;
    this.dy = sharedDy == null ? dy : null;
    this.dyOff = dyOff;
    if (this.x != null || this.dy != null) {
      try {
        Parallel.run(this);
      } finally {
        this.x = null;
        this.dy = null;
      }
    }
    gradient.run(LaneLayout.blocks(n), keptLanes == null ? xLanes : keptLanes, 0, sharedDy == null ? dyLanes : sharedDy,
        0, dyLayout.paddedH,
        dyLayout.paddedW, 0, 0, dWeight, dBias, accumulate);
  }

  @Override
  public void run(int worker, int workers) {
    int blocks = LaneLayout.blocks(count);
    int b1 = (int) ((long) blocks * (worker + 1) / workers);
    for (int b = (int) ((long) blocks * worker / workers); b < b1; b++) {
      int samples = Math.min(LaneLayout.L, count - b * LaneLayout.L);
      if (dy != null) {
        dyLayout.toLanes(dy, dyOff, b * LaneLayout.L, samples, dyLanes, b * dyLayout.block);
      }
      if (x != null) {
        xLayout.toLanes(x, xOff, b * LaneLayout.L, samples, xLanes, b * xLayout.block);
      }
    }
  }
}
