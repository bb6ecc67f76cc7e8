package dev.nnet.runtime.io;

import java.util.List;
import java.util.Optional;

/** Finds the name a misspelt or differently prefixed tensor name most likely meant. */
final class NameSuggestion {
    private NameSuggestion() {
    }

    /**
     * The candidate at the smallest edit distance, if it is close (at most a third of the name, and at least 2),
     * or one that differs by a whole leading component ({@code module.fc.weight} for {@code fc.weight}).
     */
    static Optional<String> closest(String name, List<String> candidates) {
        for (String c : candidates) {
            if (c.endsWith("." + name) || name.endsWith("." + c)) {
                return Optional.of(c);
            }
        }
        String best = null;
        int bestDistance = Math.max(2, name.length() / 3) + 1;
        for (String c : candidates) {
            int d = distance(name, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
