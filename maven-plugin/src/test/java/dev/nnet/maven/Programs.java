package dev.nnet.maven;

/** Small {@code .nnet} programs for the plugin's tests, with what the checker says about them. */
final class Programs {
    private Programs() {
    }

    /** The seed's linear regression: a model class and a trainer. */
    static final String LINEAR = """
            model LinearModel {
              input x: [N, 1]

              linear = linear(1, 1)

              forward(x) {
                return linear(x)
              }
            }

            train LinearModel {
              data train = tensors(x=[[1.0], [2.0], [3.0]], target=[[2.0], [4.0], [6.0]])
              batch full
              loss mse(reduction=sum)
              optimizer sgd(lr=0.01)
              epochs 100
            }
            """;

    /** {@link #LINEAR} with an unused layer: warning W0301 at 5:3. */
    static final String UNUSED_LAYER = LINEAR.replace("  linear = linear(1, 1)\n",
            "  linear = linear(1, 1)\n  spare  = linear(1, 1)\n");

    static final String UNUSED_LAYER_WARNING = ":5:3: warning: layer `spare` is never used [W0301]";

    /** A model only (no train block): flatten gives 10·24·24 = 5760 features, not 320. */
    static final String SHAPE_ERROR = """
            model Cnn {
              input x: [N, 1, 28, 28]

              conv = conv2d(1, 10, kernel=5)
              fc   = linear(320, 10)

              forward(x) {
                return fc(flatten(conv(x)))
              }
            }
            """;

    static final String SHAPE_ERROR_LINE = ":8:12: error: linear `fc` expects 320 input features, found 5760 [E0201]";

    /** Another model of the same name as {@link #SHAPE_ERROR}'s, without the error. */
    static final String CNN = SHAPE_ERROR.replace("linear(320, 10)", "linear(5760, 10)");
}
