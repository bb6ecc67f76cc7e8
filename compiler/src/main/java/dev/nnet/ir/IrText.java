package dev.nnet.ir;

import dev.nnet.types.Dim;
import dev.nnet.types.ElemType;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.List;

/** Reads the small pieces of the IR text form: dimensions, types, and {@code key=value} attributes. */
public final class IrText {
    private IrText() {
    }

    /** {@code 2*N+5}, {@code N}, {@code 320}, {@code -4}: signed terms of a constant times symbols. */
    public static Dim dim(String text) {
        String s = text.replace(" ", "");
        if (s.isEmpty()) {
            throw new IrException("empty dimension");
        }
        Dim sum = Dim.of(0);
        int i = 0;
        while (i < s.length()) {
            int sign = 1;
            if (s.charAt(i) == '+' || s.charAt(i) == '-') {
                sign = s.charAt(i) == '-' ? -1 : 1;
                i++;
            }
            int end = i;
            while (end < s.length() && s.charAt(end) != '+' && s.charAt(end) != '-') {
                end++;
            }
            Dim term = Dim.of(sign);
            for (String factor : s.substring(i, end).split("\\*")) {
                term = term.times(factor.chars().allMatch(Character::isDigit) && !factor.isEmpty()
                        ? Dim.of(Long.parseLong(factor)) : symbol(factor, text));
            }
            sum = sum.plus(term);
            i = end;
        }
        return sum;
    }

    private static Dim symbol(String name, String text) {
        if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))
                || !name.chars().allMatch(Character::isJavaIdentifierPart)) {
            throw new IrException("bad dimension `" + text + "`");
        }
        return Dim.sym(name);
    }

    /** {@code [N, 10]} or {@code int[N]}. */
    public static TensorType type(String text) {
        String s = text.strip();
        ElemType elem = ElemType.FLOAT;
        if (s.startsWith("int[")) {
            elem = ElemType.INT;
            s = s.substring(3);
        }
        if (!s.startsWith("[") || !s.endsWith("]")) {
            throw new IrException("bad type `" + text + "`");
        }
        String inner = s.substring(1, s.length() - 1).strip();
        List<Dim> dims = new ArrayList<>();
        if (!inner.isEmpty()) {
            for (String d : inner.split(",")) {
                dims.add(dim(d));
            }
        }
        return new TensorType(elem, dims);
    }

    /** The value of {@code key=value} among space-separated attributes, or null. */
    public static String attribute(List<String> words, String key) {
        for (String w : words) {
            if (w.startsWith(key + "=")) {
                return w.substring(key.length() + 1);
            }
        }
        return null;
    }

    /** {@code 5x3} as {5, 3}. */
    public static int[] pair(String text) {
        String[] parts = text.split("x");
        if (parts.length != 2) {
            throw new IrException("expected HxW, found `" + text + "`");
        }
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }
}
