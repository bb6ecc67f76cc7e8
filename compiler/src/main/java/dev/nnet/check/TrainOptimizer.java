package dev.nnet.check;

import dev.nnet.diag.Code;
import dev.nnet.types.Args;
import dev.nnet.types.Value;

/** Range checks of optimizer hyper-parameters, with PyTorch's rules (e.g. Nesterov needs momentum). */
final class TrainOptimizer {
    private TrainOptimizer() {
    }

    static void validate(CheckContext cx, String name, Args args) {
        atLeast(cx, args, "lr", 0.0, true);
        atLeast(cx, args, "momentum", 0.0, false);
        atLeast(cx, args, "weight_decay", 0.0, false);
        atLeast(cx, args, "eps", 0.0, true);
        if (args.has("alpha") && (args.real("alpha", 0.99) < 0 || args.real("alpha", 0.99) > 1)) {
            cx.diags.report(Code.E0112, args.spanOf("alpha"), "`alpha` of " + name + " must be between 0 and 1");
        }
        if (args.get("betas") instanceof Value.Seq betas) {
            if (betas.items().size() != 2) {
                cx.diags.report(Code.E0112, args.spanOf("betas"), "`betas` is a pair, e.g. `(0.9, 0.999)`");
            }
            for (Value b : betas.items()) {
                Double x = ConstEval.number(b);
                if (x != null && (x < 0 || x >= 1)) {
                    cx.diags.report(Code.E0112, args.spanOf("betas"), "each of `betas` must be in [0, 1), found " + x);
                }
            }
        }
        if (args.bool("nesterov", false)
                && (args.real("momentum", 0) <= 0 || args.real("dampening", 0) != 0)) {
            cx.diags.report(Code.E0112, args.spanOf("nesterov"),
                    "Nesterov momentum needs `momentum` > 0 and `dampening` = 0",
                    r -> r.help("add `momentum=0.9`, or remove `nesterov=true`"));
        }
    }

    private static void atLeast(CheckContext cx, Args args, String name, double min, boolean strict) {
        if (!args.has(name)) {
            return;
        }
        double v = args.real(name, min);
        if (strict ? v <= min : v < min) {
            cx.diags.report(Code.E0112, args.spanOf(name), "`" + name + "` must be " + (strict ? "greater than " : "at least ")
                    + (min == 0.0 ? "0" : Double.toString(min)) + ", found " + v);
        }
    }
}
