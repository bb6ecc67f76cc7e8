package dev.nnet.lower;

import dev.nnet.check.TrainSettings;
import dev.nnet.ir.op.Optimizer;
import dev.nnet.types.Args;
import dev.nnet.types.Value;

/** The train block's optimizer as an IR optimizer, with PyTorch's defaults for what it leaves out. */
final class Optimizers {
    private Optimizers() {
    }

    static Optimizer of(TrainSettings.Optimizer o) {
        Args a = o.args();
        switch (o.name()) {
            case "adam": {
                double[] betas = betas(a);
                return new Optimizer.Adam(f(a, "lr", 0.001), betas[0], betas[1], f(a, "eps", 1e-8),
                        f(a, "weight_decay", 0), a.bool("amsgrad", false));
            }
            case "rmsprop":
                return new Optimizer.RmsProp(f(a, "lr", 0.01), f(a, "alpha", 0.99), f(a, "eps", 1e-8),
                        f(a, "weight_decay", 0), f(a, "momentum", 0), a.bool("centered", false));
            default:
                return new Optimizer.Sgd(f(a, "lr", 0.01), f(a, "momentum", 0), f(a, "dampening", 0),
                        f(a, "weight_decay", 0), a.bool("nesterov", false));
        }
    }

    private static double f(Args a, String name, double fallback) {
        return a.real(name, fallback);
    }

    private static double[] betas(Args a) {
        if (a.get("betas") instanceof Value.Seq s && s.items().size() == 2) {
            return new double[] {ForwardLowering.number(s.items().get(0), a.callSpan()),
                    ForwardLowering.number(s.items().get(1), a.callSpan())};
        }
        return new double[] {0.9, 0.999};
    }
}
