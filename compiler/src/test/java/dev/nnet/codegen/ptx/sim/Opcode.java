package dev.nnet.codegen.ptx.sim;

import java.util.ArrayList;
import java.util.List;

/** An opcode split into its name, modifiers ({@code global}, {@code rn}, {@code wide}) and types, in order. */
record Opcode(String text, String name, List<String> modifiers, List<PtxType> types) {
    static Opcode parse(String text) {
        String[] parts = text.split("\\.");
        List<String> modifiers = new ArrayList<>();
        List<PtxType> types = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            PtxType type = PtxType.named(parts[i]);
            if (type != null) {
                types.add(type);
            } else {
                modifiers.add(parts[i]);
            }
        }
        return new Opcode(text, parts[0], List.copyOf(modifiers), List.copyOf(types));
    }

    boolean has(String modifier) {
        return modifiers.contains(modifier);
    }

    /** The first of these modifiers present, or null. */
    String oneOf(String... candidates) {
        for (String candidate : candidates) {
            if (has(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
