package dev.nnet.summary;

import dev.nnet.Compilation;
import dev.nnet.check.SummaryRow;
import dev.nnet.check.TypedModel;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.List;
import java.util.Locale;

/**
 * The torchinfo-like table printed by {@code nnetc summary}: one row per layer application in execution order,
 * blocks indented with their layers, parameters counted once per layer, and multiply-adds per sample.
 */
public final class SummaryTable {
    /** The output-shape column is at least this wide, and as wide as the longest shape (a recurrent tuple). */
    private static final int SHAPE_WIDTH = 22;
    private static final int WIDTH_BESIDES_SHAPE = 63;
    private static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("\\d{4,}");

    private SummaryTable() {
    }

    public static String render(Compilation c) {
        StringBuilder out = new StringBuilder();
        for (TypedModel model : c.typed().models()) {
            if (out.length() > 0) {
                out.append('\n');
            }
            render(model, out);
        }
        return out.toString();
    }

    private static void render(TypedModel model, StringBuilder out) {
        List<SummaryRow> rows = model.rows();
        int shapeWidth = Math.max(SHAPE_WIDTH, rows.stream().mapToInt(r -> shape(r.output()).length()).max().orElse(0));
        String format = "%-34s %-" + shapeWidth + "s %12s %14s%n";
        int width = WIDTH_BESIDES_SHAPE + shapeWidth;
        String rule = "=".repeat(width) + "\n";
        out.append(rule).append("Model: ").append(model.name()).append('\n');
        model.inputs().forEach((name, type) -> out.append("Input: ").append(name).append(' ').append(type)
                .append('\n'));
        out.append(rule);
        out.append(String.format(Locale.ROOT, format, "Layer (type)", "Output Shape", "Param #", "Mult-Adds"));
        out.append("-".repeat(width)).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            SummaryRow row = rows.get(i);
            String label = "  ".repeat(row.depth()) + lastSegment(row.layer().path()) + " ("
                    + row.layer().displayName() + ")";
            long own = row.layer().parameterCount();
            // Like torchinfo: a reused layer's parameters are counted at its first use only.
            String params = row.repeated() && own > 0 ? "(recursive)" : count(own);
            out.append(String.format(Locale.ROOT, format, label, shape(row.output()), params,
                    count(macsOf(rows, i))));
        }
        long total = model.instance().layers().values().stream().mapToLong(l -> l.parameterCount()).sum();
        Dim macs = Dim.of(0);
        for (SummaryRow row : rows) {
            macs = macs.plus(row.macs());
        }
        out.append(rule);
        out.append("Total params: ").append(group(total)).append('\n');
        out.append("Trainable params: ").append(group(total)).append('\n');
        out.append("Non-trainable params: 0\n");
        out.append("Mult-adds per sample: ").append(count(macs).equals("--") ? "0" : count(macs)).append('\n');
        out.append("Output: ").append(Value.describe(model.output())).append('\n');
        out.append(rule);
    }

    /** A block's multiply-adds are those of the rows nested under it. */
    private static Dim macsOf(List<SummaryRow> rows, int i) {
        SummaryRow row = rows.get(i);
        if (row.layer().op() != null) {
            return row.macs();
        }
        Dim sum = Dim.of(0);
        for (int j = i + 1; j < rows.size() && rows.get(j).depth() > row.depth(); j++) {
            sum = sum.plus(rows.get(j).macs());
        }
        return sum;
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static String shape(Value v) {
        if (v instanceof Value.Tensor t) {
            TensorType type = t.type();
            return type.toString();
        }
        return Value.describe(v);
    }

    private static String count(long n) {
        return n == 0 ? "--" : group(n);
    }

    /** A size that depends on a symbol, its numbers grouped as constant counts are: {@code 300,000*L+16,400}. */
    private static String count(Dim d) {
        if (d.isConstant()) {
            return count(d.constantTerm());
        }
        return DIGITS.matcher(d.toString()).replaceAll(m -> group(Long.parseLong(m.group())));
    }

    private static String group(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
