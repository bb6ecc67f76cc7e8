package dev.nnet.types;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A tensor dimension: a constant, a named symbol ({@code N}) or an integer polynomial over symbols, kept in a
 * canonical form so that equal sizes compare equal ({@code 16*5*5 == 400}, {@code 2*H - H == H}). Division that
 * is not exact becomes an opaque floor-division atom, e.g. {@code (H-4)/2}.
 *
 * <p>Representation: a map from a monomial (sorted atom names joined by {@code *}, the empty string for the
 * constant term) to its coefficient; zero coefficients are never stored.
 *
 * <p>Arithmetic is exact: a coefficient that would leave 64 bits throws {@link ArithmeticException} rather than
 * wrapping, and the checker turns that into E0219 at the expression or layer responsible.
 */
public final class Dim implements Comparable<Dim> {
    private final TreeMap<String, Long> terms;
    /** Floor-division atoms by their canonical name, so {@link #symbols()} can look inside them. */
    private final TreeMap<String, Dim> divAtoms;

    private Dim(TreeMap<String, Long> terms, TreeMap<String, Dim> divAtoms) {
        terms.values().removeIf(v -> v == 0);
        this.terms = terms;
        this.divAtoms = divAtoms;
    }

    public static Dim of(long value) {
        TreeMap<String, Long> t = new TreeMap<>();
        t.put("", value);
        return new Dim(t, new TreeMap<>());
    }

    public static Dim sym(String name) {
        TreeMap<String, Long> t = new TreeMap<>();
        t.put(name, 1L);
        return new Dim(t, new TreeMap<>());
    }

    /** Replaces symbols by dimensions, e.g. {@code N -> 64}; division atoms are re-divided afterwards. */
    public Dim substitute(Map<String, Dim> bindings) {
        Dim out = Dim.of(0);
        for (Map.Entry<String, Long> e : terms.entrySet()) {
            Dim term = Dim.of(e.getValue());
            for (String atom : atoms(e.getKey())) {
                Dim inner = divAtoms.get(atom);
                if (inner != null) {
                    long divisor = Long.parseLong(atom.substring(atom.lastIndexOf('/') + 1));
                    term = term.times(inner.substitute(bindings).floorDiv(divisor));
                } else {
                    term = term.times(bindings.getOrDefault(atom, Dim.sym(atom)));
                }
            }
            out = out.plus(term);
        }
        return out;
    }

    /** True when this is exactly one symbol with coefficient 1, like {@code N}. */
    public boolean isSymbol() {
        return terms.size() == 1 && terms.firstEntry().getValue() == 1 && !terms.firstKey().isEmpty()
                && !divAtoms.containsKey(terms.firstKey()) && atoms(terms.firstKey()).size() == 1;
    }

    public boolean isConstant() {
        return terms.isEmpty() || terms.size() == 1 && terms.containsKey("");
    }

    /** The value when constant. */
    public Optional<Long> constant() {
        return isConstant() ? Optional.of(terms.getOrDefault("", 0L)) : Optional.empty();
    }

    public long constantTerm() {
        return terms.getOrDefault("", 0L);
    }

    /** Symbols this dimension depends on, e.g. {@code {H, N}} for {@code N*(H-4)/2}. */
    public Set<String> symbols() {
        Set<String> out = new TreeSet<>();
        for (String monomial : terms.keySet()) {
            for (String atom : atoms(monomial)) {
                Dim inner = divAtoms.get(atom);
                if (inner != null) {
                    out.addAll(inner.symbols());
                } else if (!atom.isEmpty()) {
                    out.add(atom);
                }
            }
        }
        return out;
    }

    public Dim plus(Dim o) {
        TreeMap<String, Long> t = new TreeMap<>(terms);
        o.terms.forEach((k, v) -> t.merge(k, v, Math::addExact));
        return new Dim(t, mergedAtoms(o));
    }

    public Dim minus(Dim o) {
        return plus(o.times(Dim.of(-1)));
    }

    public Dim plus(long c) {
        return plus(Dim.of(c));
    }

    public Dim times(long c) {
        return times(Dim.of(c));
    }

    public Dim times(Dim o) {
        TreeMap<String, Long> t = new TreeMap<>();
        for (Map.Entry<String, Long> a : terms.entrySet()) {
            for (Map.Entry<String, Long> b : o.terms.entrySet()) {
                t.merge(multiply(a.getKey(), b.getKey()), Math.multiplyExact(a.getValue(), b.getValue()),
                        Math::addExact);
            }
        }
        return new Dim(t, mergedAtoms(o));
    }

    /** Floor division by a positive constant; exact when every coefficient divides, an opaque atom otherwise. */
    public Dim floorDiv(long divisor) {
        if (divisor == 1) {
            return this;
        }
        if (isConstant()) {
            return Dim.of(Math.floorDiv(constantTerm(), divisor));
        }
        if (terms.values().stream().allMatch(v -> v % divisor == 0)) {
            TreeMap<String, Long> t = new TreeMap<>();
            terms.forEach((k, v) -> t.put(k, v / divisor));
            return new Dim(t, new TreeMap<>(divAtoms));
        }
        String atom = "(" + this + ")/" + divisor;
        TreeMap<String, Long> t = new TreeMap<>();
        t.put(atom, 1L);
        TreeMap<String, Dim> atomsMap = new TreeMap<>(divAtoms);
        atomsMap.put(atom, this);
        return new Dim(t, atomsMap);
    }

    /** Exact division by another dimension when it is a constant or a common factor of every term. */
    public Optional<Dim> exactDiv(Dim divisor) {
        if (divisor.isConstant()) {
            long d = divisor.constantTerm();
            if (d != 0 && terms.values().stream().allMatch(v -> v % d == 0)) {
                return Optional.of(floorDiv(d));
            }
            return Optional.empty();
        }
        if (divisor.terms.size() == 1) {
            Map.Entry<String, Long> only = divisor.terms.firstEntry();
            TreeMap<String, Long> t = new TreeMap<>();
            for (Map.Entry<String, Long> e : terms.entrySet()) {
                List<String> rest = new ArrayList<>(atoms(e.getKey()));
                for (String a : atoms(only.getKey())) {
                    if (!rest.remove(a)) {
                        return Optional.empty();
                    }
                }
                if (e.getValue() % only.getValue() != 0) {
                    return Optional.empty();
                }
                t.merge(String.join("*", rest), e.getValue() / only.getValue(), Long::sum);
            }
            return Optional.of(new Dim(t, new TreeMap<>(divAtoms)));
        }
        return equals(divisor) ? Optional.of(Dim.of(1)) : Optional.empty();
    }

    private TreeMap<String, Dim> mergedAtoms(Dim o) {
        TreeMap<String, Dim> m = new TreeMap<>(divAtoms);
        m.putAll(o.divAtoms);
        return m;
    }

    private static List<String> atoms(String monomial) {
        if (monomial.isEmpty()) {
            return List.of();
        }
        // Division atoms contain '*' inside parentheses: split only at depth 0.
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < monomial.length(); i++) {
            char c = monomial.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '*' && depth == 0) {
                out.add(monomial.substring(start, i));
                start = i + 1;
            }
        }
        out.add(monomial.substring(start));
        return out;
    }

    private static String multiply(String a, String b) {
        List<String> all = new ArrayList<>(atoms(a));
        all.addAll(atoms(b));
        Collections.sort(all);
        return String.join("*", all);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dim d && terms.equals(d.terms);
    }

    @Override
    public int hashCode() {
        return terms.hashCode();
    }

    @Override
    public int compareTo(Dim o) {
        return toString().compareTo(o.toString());
    }

    /** Canonical text: symbolic terms first (by name), the constant last, e.g. {@code 2*H-4}, {@code N}. */
    @Override
    public String toString() {
        if (terms.isEmpty()) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> e : terms.entrySet()) {
            if (e.getKey().isEmpty()) {
                continue;
            }
            append(sb, e.getValue(), e.getKey());
        }
        Long c = terms.get("");
        if (c != null) {
            append(sb, c, "");
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, long coef, String monomial) {
        boolean first = sb.length() == 0;
        if (coef < 0) {
            sb.append(first ? "-" : "-");
        } else if (!first) {
            sb.append("+");
        }
        long abs = Math.abs(coef);
        if (monomial.isEmpty()) {
            sb.append(abs);
        } else if (abs == 1) {
            sb.append(monomial);
        } else {
            sb.append(abs).append('*').append(monomial);
        }
    }
}
