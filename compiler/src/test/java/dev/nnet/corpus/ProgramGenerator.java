package dev.nnet.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random {@code .nnet} programs that follow the grammar's shape closely enough to reach the checker: models with
 * random layers and forward bodies, blocks used by models (sometimes nested deep), train blocks with every setting,
 * then the troublemakers a careless user or an attacker brings: huge and negative numbers, deep brackets, unicode
 * identifiers and operators, CR, LF and CRLF mixed, and random edits (a token dropped, a run of garbage pasted).
 * Deterministic for a seed, so a failing program can be regenerated from its number.
 */
final class ProgramGenerator {
    private static final String[] LAYERS = {"linear(%d, %d)", "linear(out=%d)", "conv2d(%d, %d, kernel=3)",
        "conv2d(%d, %d, kernel=%d, padding=1)", "max_pool2d(%d)", "avg_pool2d(%d)", "dropout(p=0.%d)",
        "batch_norm(%d)", "embedding(%d, %d)", "rnn(%d, %d)", "gru(%d, %d, batch_first=true)",
        "lstm(%d, %d, num_layers=%d)", "relu", "flatten()"};
    private static final String[] FUNCTIONS = {"relu", "sigmoid", "tanh", "softmax", "log_softmax", "flatten"};
    private static final String[] LOSSES = {"cross_entropy", "nll", "mse", "bce", "bce_with_logits",
        "mse(reduction=sum)", "0.5 * mse(reduction=sum)"};
    private static final String[] OPTIMIZERS = {"sgd(lr=0.01)", "sgd(lr=0.1, momentum=0.9, nesterov=true)",
        "adam(lr=0.001)", "rmsprop(lr=0.01)", "sgd(lr=-1)"};
    private static final String[] DATA = {"mnist(\"train\", normalize(0.1307, 0.3081))", "csv(\"diabetes.csv\", "
        + "label=-1, header=true)", "planar_flower(points=%d)", "tensors(x=[[1.0], [2.0]], target=[[2.0], [4.0]])",
        "fashion_mnist(\"test\")"};
    private static final String[] NUMBERS = {"0", "1", "-1", "2", "3", "8", "10", "16", "28", "320", "2147483647",
        "2147483648", "4000000000", "9223372036854775807", "99999999999999999999", "1e39", "0.5", "N", "N*2"};
    private static final String[] GARBAGE = {"$", "@", "×", "→", "é", "😀", "\u0000", "\"", "/*", "*/", "//", "{",
        "}", "(", ")", "[", "]", ",", ";", "=", "\t", "\\"};
    private static final String[] BREAKS = {"\n", "\r\n", "\r"};

    private final Random random;

    ProgramGenerator(long seed) {
        this.random = new Random(seed);
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private String number() {
        return random.nextInt(4) == 0 ? pick(NUMBERS) : Integer.toString(1 + random.nextInt(64));
    }

    private String layer() {
        Object[] args = new Object[3];
        for (int i = 0; i < args.length; i++) {
            args[i] = random.nextInt(6) == 0 ? safeLong(pick(NUMBERS)) : 1L + random.nextInt(64);
        }
        return String.format(pick(LAYERS), args);
    }

    private static long safeLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** One program; {@code index} picks its kind so that every kind is drawn throughout a campaign. */
    String program(int index) {
        int kind = index % 10;
        if (kind <= 1) {
            return valid(kind == 1);
        }
        StringBuilder out = new StringBuilder();
        int blocks = kind == 3 ? 20 + random.nextInt(12) : random.nextInt(3);
        for (int b = 0; b < blocks; b++) {
            out.append("block B").append(b).append("(c: int = ").append(number()).append(") {\n");
            out.append("  l = ").append(b + 1 < blocks && random.nextBoolean() ? "B" + (b + 1) + "()" : layer())
                    .append('\n');
            out.append("  forward(x) { return ").append(pick(FUNCTIONS)).append("(l(x)) }\n}\n");
        }
        out.append("model M {\n  input x: [N");
        int rank = 1 + random.nextInt(4);
        for (int r = 0; r < rank; r++) {
            out.append(", ").append(number());
        }
        out.append("]\n");
        int layers = 1 + random.nextInt(kind == 4 ? 400 : 6);
        List<String> names = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            String name = random.nextInt(30) == 0 ? "é" + l : "l" + l;
            names.add(name);
            out.append("  ").append(name).append(" = ")
                    .append(blocks > 0 && random.nextInt(3) == 0 ? "B0()" : layer()).append('\n');
        }
        out.append("  forward(x) {\n");
        for (String name : names) {
            out.append("    x = ").append(random.nextInt(4) == 0 ? pick(FUNCTIONS) + "(" + name + "(x))"
                    : name + "(x)").append('\n');
        }
        out.append("    return ").append(nested(kind == 5 ? 200 + random.nextInt(200) : random.nextInt(4)))
                .append("\n  }\n}\n");
        out.append("train M {\n  data train = ").append(String.format(pick(DATA), safeLong(number())))
                .append("\n  batch ").append(random.nextInt(5) == 0 ? number() : "64 shuffle")
                .append("\n  loss ").append(pick(LOSSES))
                .append("\n  optimizer ").append(pick(OPTIMIZERS))
                .append("\n  epochs ").append(number())
                .append("\n  log every ").append(number()).append(random.nextBoolean() ? " batches" : " epochs")
                .append("\n  checkpoint \"m.safetensors\" every ").append(number()).append(" batches\n}\n");
        String text = out.toString();
        if (kind >= 6) {
            text = corrupt(text, kind == 9 ? 50 : 1 + random.nextInt(4));
        }
        if (kind == 7 || kind == 8) {
            text = text.replace("\n", pick(BREAKS));
        }
        return text;
    }

    /** A well-formed MLP with a matching inline data set: the generator must reach the whole checker too. */
    private String valid(boolean inferred) {
        int in = 1 + random.nextInt(8);
        int layers = 1 + random.nextInt(5);
        StringBuilder out = new StringBuilder("model Mlp {\n  input x: [N, " + in + "]\n");
        int width = in;
        for (int l = 0; l < layers; l++) {
            int next = 1 + random.nextInt(32);
            out.append("  fc").append(l).append(" = linear(")
                    .append(inferred ? "out=" + next : width + ", " + next).append(")\n");
            width = next;
        }
        out.append("  forward(x) {\n");
        for (int l = 0; l < layers; l++) {
            String f = l + 1 < layers ? pick(new String[] {"relu", "sigmoid", "tanh"}) : "";
            out.append("    x = ").append(f.isEmpty() ? "fc" + l + "(x)" : f + "(fc" + l + "(x))").append('\n');
        }
        out.append("    return x\n  }\n}\n");
        out.append("train Mlp {\n  data train = tensors(x=").append(rows(3, in)).append(", target=")
                .append(rows(3, width)).append(")\n  batch ").append(1 + random.nextInt(3))
                .append("\n  loss mse\n  optimizer ").append(pick(OPTIMIZERS).replace("lr=-1", "lr=0.1"))
                .append("\n  epochs ").append(1 + random.nextInt(5)).append("\n}\n");
        return out.toString();
    }

    private String rows(int n, int width) {
        StringBuilder b = new StringBuilder("[");
        for (int r = 0; r < n; r++) {
            b.append(r == 0 ? "[" : ", [");
            for (int c = 0; c < width; c++) {
                b.append(c == 0 ? "" : ", ").append(random.nextInt(10)).append(".0");
            }
            b.append(']');
        }
        return b.append(']').toString();
    }

    private String nested(int depth) {
        String open = random.nextBoolean() ? "(" : "relu(";
        return open.repeat(depth) + "x" + ")".repeat(depth);
    }

    /** Random edits: a character dropped, doubled, or replaced by garbage. */
    private String corrupt(String text, int edits) {
        StringBuilder b = new StringBuilder(text);
        for (int e = 0; e < edits && b.length() > 0; e++) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(3)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, b.charAt(at));
                default -> b.insert(at, pick(GARBAGE));
            }
        }
        return b.toString();
    }
}
