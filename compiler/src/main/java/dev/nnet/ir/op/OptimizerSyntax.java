package dev.nnet.ir.op;

import dev.nnet.ir.IrException;
import java.util.HashMap;
import java.util.Map;

/** Reads {@link Optimizer#text()} back: {@code sgd(lr=0.01, momentum=0.5)}, {@code adam(lr=0.001, betas=(0.9, 0.999), eps=1.0E-8)}. */
final class OptimizerSyntax {
    private OptimizerSyntax() {
    }

    static Optimizer parse(String text) {
        String t = text.strip();
        int open = t.indexOf('(');
        if (open < 0 || !t.endsWith(")")) {
            throw new IrException("expected an optimizer like sgd(lr=0.1, momentum=0.0), found `" + text + "`");
        }
        String name = t.substring(0, open);
        Map<String, String> args = new HashMap<>();
        String body = t.substring(open + 1, t.length() - 1).replace("betas=(", "betas=").replace("), ", ", ");
        String[] parts = body.split(",\\s*");
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.startsWith("betas=")) {
                args.put("beta1", p.substring(6));
                args.put("beta2", parts[++i].replace(")", ""));
            } else if (p.contains("=")) {
                args.put(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1));
            } else if (!p.isBlank()) {
                args.put(p, "true");
            }
        }
        return switch (name) {
            case "sgd" -> new Optimizer.Sgd(num(args, "lr", null), num(args, "momentum", 0.0),
                    num(args, "dampening", 0.0), num(args, "weight_decay", 0.0), args.containsKey("nesterov"));
            case "adam" -> new Optimizer.Adam(num(args, "lr", null), num(args, "beta1", null), num(args, "beta2", null),
                    num(args, "eps", null), num(args, "weight_decay", 0.0), args.containsKey("amsgrad"));
            case "rmsprop" -> new Optimizer.RmsProp(num(args, "lr", null), num(args, "alpha", null),
                    num(args, "eps", null), num(args, "weight_decay", 0.0), num(args, "momentum", 0.0),
                    args.containsKey("centered"));
            default -> throw new IrException("unknown optimizer `" + name + "`");
        };
    }

    private static double num(Map<String, String> args, String key, Double fallback) {
        String v = args.get(key);
        if (v == null) {
            if (fallback == null) {
                throw new IrException("optimizer needs " + key + "=");
            }
            return fallback;
        }
        return Double.parseDouble(v);
    }
}
