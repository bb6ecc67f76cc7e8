package dev.nnet.emit;

import dev.nnet.Compilation;
import dev.nnet.check.Fact;
import dev.nnet.check.LayerInstance;
import dev.nnet.check.TypedModel;
import dev.nnet.check.TypedTrain;
import dev.nnet.diag.SourceFile;
import dev.nnet.ops.ParamTensor;
import dev.nnet.types.Value;
import java.util.stream.Collectors;

/**
 * {@code --emit=typed}: each model's inputs, its layers with every argument (defaults and inferred sizes filled
 * in) and parameter shapes, the inferred type of every expression in evaluation order, and each train block.
 */
public final class TypedDump {
    private TypedDump() {
    }

    public static String render(Compilation c) {
        StringBuilder out = new StringBuilder();
        for (TypedModel m : c.typed().models()) {
            model(m, c.source(), out);
            out.append('\n');
        }
        for (TypedTrain t : c.typed().trains()) {
            out.append("train ").append(t.model()).append('\n');
            t.lines().forEach(l -> out.append("  ").append(l).append('\n'));
            out.append('\n');
        }
        return out.toString().stripTrailing() + "\n";
    }

    private static void model(TypedModel m, SourceFile source, StringBuilder out) {
        out.append("model ").append(m.name()).append('\n');
        m.inputs().forEach((name, type) -> out.append("  input ").append(name).append(": ").append(type).append('\n'));
        for (LayerInstance l : m.instance().layers().values()) {
            layer(l, 1, out);
        }
        out.append("  types\n");
        for (Fact f : m.facts()) {
            out.append("    ").append(f.expr().span().line()).append(':').append(f.expr().span().column());
            if (!f.context().isEmpty()) {
                out.append(" [").append(f.context()).append(']');
            }
            out.append(' ').append(text(source, f)).append(" : ").append(Value.describe(f.value())).append('\n');
        }
        out.append("  output: ").append(Value.describe(m.output())).append('\n');
    }

    private static void layer(LayerInstance l, int depth, StringBuilder out) {
        String indent = "  ".repeat(depth);
        if (l.op() != null) {
            out.append(indent).append("layer ").append(l.path()).append(" = ").append(l.op().name()).append('(')
                    .append(l.args()).append(")\n");
            for (ParamTensor p : l.parameters()) {
                out.append(indent).append("  param ").append(p.name()).append(' ').append(p.shape()).append('\n');
            }
            return;
        }
        out.append(indent).append("block ").append(l.path()).append(" = ").append(l.block().signatureText())
                .append('\n');
        l.block().layers().values().forEach(child -> layer(child, depth + 1, out));
    }

    /** The expression as written, on one line. */
    private static String text(SourceFile source, Fact f) {
        String raw = source.text().substring(f.expr().span().start(), f.expr().span().end());
        return raw.lines().map(String::strip).collect(Collectors.joining(" "));
    }
}
