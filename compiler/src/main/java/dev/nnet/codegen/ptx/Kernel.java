package dev.nnet.codegen.ptx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One PTX kernel being written: its parameters, named registers (declared at the top, PTX wants them before use)
 * and body. Every kernel takes the batch size {@code n} first, so the host sets one argument per step. Instructions
 * that round use {@code .rn} so ptxas does not contract a multiply and an add into an FMA the Java backend does
 * not do.
 */
final class Kernel {
    static final int THREADS = 256;

    private final String name;
    private final List<String> comments = new ArrayList<>();
    private final List<String> params = new ArrayList<>();
    private final Map<String, String> registers = new LinkedHashMap<>();
    private final Map<String, Integer> used = new HashMap<>();
    private final Map<String, Integer> paramNames = new HashMap<>();
    private final List<Launch.Arg> args = new ArrayList<>();
    private final List<String> shared = new ArrayList<>();
    private final StringBuilder body = new StringBuilder();

    Kernel(String name, List<String> comments) {
        this.name = name;
        this.comments.addAll(comments);
        params.add(".param .u32 n");
        registers.put("%n", "u32");
        op("ld.param.u32 %%n, [n];");
    }

    String name() {
        return name;
    }

    /** A global pointer parameter; returns the register holding its global address. */
    String pointer(String hint) {
        String param = uniqueParam(hint);
        params.add(".param .u64 " + param);
        String generic = reg("u64", param + "_param");
        String r = reg("u64", param);
        op("ld.param.u64 %s, [%s];", generic, param);
        op("cvta.to.global.u64 %s, %s;", r, generic);
        return r;
    }

    String u32Param(String hint) {
        String param = uniqueParam(hint);
        params.add(".param .u32 " + param);
        String r = reg("u32", param);
        op("ld.param.u32 %s, [%s];", r, param);
        return r;
    }

    String f32Param(String hint) {
        String param = uniqueParam(hint);
        params.add(".param .f32 " + param);
        String r = reg("f32", param);
        op("ld.param.f32 %s, [%s];", r, param);
        return r;
    }

    /** Number of parameters so far, counting {@code n}: the index the next one will have. */
    int paramCount() {
        return params.size();
    }

    /** A fresh register of PTX type {@code type} ({@code u32}, {@code f32}, {@code pred}...), named after the hint. */
    String reg(String type, String hint) {
        String r = "%" + unique(hint, "_");
        registers.put(r, type);
        return r;
    }

    /** A fresh label. */
    String label(String hint) {
        return unique("$" + hint, "_");
    }

    private String uniqueParam(String hint) {
        String clean = hint.replaceAll("[^A-Za-z0-9_]", "_");
        int k = paramNames.merge(clean, 1, Integer::sum);
        return k == 1 ? clean : clean + "_" + k;
    }

    /** Records the host argument of the parameter just declared. */
    void bind(Launch.Arg arg) {
        args.add(arg);
    }

    /** The host arguments after {@code n}, one per declared parameter. */
    List<Launch.Arg> args() {
        if (args.size() != params.size() - 1) {
            throw new IllegalStateException(name + ": " + (params.size() - 1) + " parameters but " + args.size()
                    + " arguments bound");
        }
        return List.copyOf(args);
    }

    private String unique(String hint, String sep) {
        String clean = hint.replaceAll("[^A-Za-z0-9_$]", "_");
        int k = used.merge(clean, 1, Integer::sum);
        return k == 1 ? clean : clean + sep + k;
    }

    /** Declares a shared array of {@code count} floats (or doubles) and returns a u32 register with its address. */
    String sharedArray(String hint, String type, int count) {
        String array = unique(hint, "_");
        shared.add(".shared .align 16 ." + type + " " + array + "[" + count + "];");
        String r = reg("u32", hint + "Base");
        op("mov.u32 %s, %s;", r, array);
        return r;
    }

    void op(String format, Object... args) {
        body.append('\t').append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    void comment(String text) {
        body.append("\t// ").append(text).append('\n');
    }

    void place(String label) {
        body.append(label).append(":\n");
    }

    /** A float constant in PTX's exact hexadecimal form. */
    static String f32(float v) {
        return String.format(Locale.ROOT, "0f%08X", Float.floatToRawIntBits(v));
    }

    static String f64(double v) {
        return String.format(Locale.ROOT, "0d%016X", Double.doubleToRawLongBits(v));
    }

    /** A u32 register holding {@code s} for this launch's batch. */
    String size(Size s, String hint) {
        String r = reg("u32", hint);
        if (s.constant()) {
            op("mov.u32 %s, %d;", r, s.fixed());
        } else {
            op("mul.lo.u32 %s, %%n, %d;", r, s.perSample());
            if (s.fixed() != 0) {
                op("add.u32 %s, %s, %d;", r, r, s.fixed());
            }
        }
        return r;
    }

    /** This thread's index in the whole grid, x dimension. */
    String globalThread() {
        String i = reg("u32", "i");
        String block = reg("u32", "block");
        String width = reg("u32", "width");
        String thread = reg("u32", "thread");
        op("mov.u32 %s, %%ctaid.x;", block);
        op("mov.u32 %s, %%ntid.x;", width);
        op("mov.u32 %s, %%tid.x;", thread);
        op("mad.lo.u32 %s, %s, %s, %s;", i, block, width, thread);
        return i;
    }

    /**
     * A grid-stride loop over {@code [0, count)}: correct for any grid, so the host may cap the grid without
     * changing the result. The body gets the index register.
     */
    void forEach(String count, Consumer<String> loopBody) {
        String i = globalThread();
        String stride = reg("u32", "stride");
        String grid = reg("u32", "grid");
        op("mov.u32 %s, %%nctaid.x;", grid);
        op("mul.lo.u32 %s, %s, %d;", stride, grid, THREADS);
        String top = label("loop");
        String done = label("done");
        String past = reg("pred", "past");
        place(top);
        op("setp.ge.u32 %s, %s, %s;", past, i, count);
        op("@%s bra %s;", past, done);
        loopBody.accept(i);
        op("add.u32 %s, %s, %s;", i, i, stride);
        op("bra.uni %s;", top);
        place(done);
    }

    /** The global address of 4-byte element {@code index} of {@code base}. */
    String address(String base, String index) {
        String offset = reg("u64", "offset");
        String a = reg("u64", "address");
        op("mul.wide.u32 %s, %s, 4;", offset, index);
        op("add.s64 %s, %s, %s;", a, base, offset);
        return a;
    }

    String load(String base, String index, String hint) {
        String v = reg("f32", hint);
        op("ld.global.f32 %s, [%s];", v, address(base, index));
        return v;
    }

    String loadInt(String base, String index, String hint) {
        String v = reg("s32", hint);
        op("ld.global.s32 %s, [%s];", v, address(base, index));
        return v;
    }

    /** Stores a register, or a constant (moved into a register first: st takes no immediate). */
    void store(String base, String index, String value) {
        String v = value;
        if (value.startsWith("0f")) {
            v = reg("f32", "constant");
            op("mov.f32 %s, %s;", v, value);
        }
        op("st.global.f32 [%s], %s;", address(base, index), v);
    }

    /** {@code a / k} and {@code a % k} for a constant k, as u32 registers. */
    String div(String a, long k, String hint) {
        String r = reg("u32", hint);
        op(k == 1 ? "mov.u32 %s, %s;" : "div.u32 %s, %s, %d;", r, a, k);
        return r;
    }

    String rem(String a, long k, String hint) {
        String r = reg("u32", hint);
        if (k == 1) {
            op("mov.u32 %s, 0;", r);
        } else {
            op("rem.u32 %s, %s, %d;", r, a, k);
        }
        return r;
    }

    /** {@code a·k + b} in u32. */
    String mad(String a, long k, String b, String hint) {
        String r = reg("u32", hint);
        op("mad.lo.u32 %s, %s, %d, %s;", r, a, k, b);
        return r;
    }

    String text() {
        StringBuilder s = new StringBuilder();
        for (String c : comments) {
            // ptxas reads ASCII only; a label or source line may hold other characters.
            s.append("// ").append(c.replaceAll("[^\\x20-\\x7E]", "?")).append('\n');
        }
        s.append(".visible .entry ").append(name).append("(\n");
        for (int i = 0; i < params.size(); i++) {
            s.append('\t').append(params.get(i)).append(i + 1 < params.size() ? ",\n" : "\n");
        }
        s.append(")\n{\n");
        for (String decl : shared) {
            s.append('\t').append(decl).append('\n');
        }
        for (Map.Entry<String, String> r : registers.entrySet()) {
            s.append("\t.reg .").append(r.getValue()).append(' ').append(r.getKey()).append(";\n");
        }
        s.append('\n').append(body).append("\tret;\n}\n");
        return s.toString();
    }
}
