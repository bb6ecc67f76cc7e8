package dev.nnet.cli;

import dev.nnet.diag.Code;
import dev.nnet.diag.Explanation;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code nnetc explain CODE}: what a diagnostic code means, with a program that causes it and the same program
 * fixed; without CODE, the whole table.
 */
@Command(name = "explain", description = "Explain a diagnostic code such as E0201, or list all codes.")
final class ExplainCommand extends BaseCommand {
    @Parameters(arity = "0..1", paramLabel = "CODE", description = "A code from a diagnostic, e.g. E0201.")
    String code;

    @Override
    int run() {
        if (code == null) {
            for (Code c : Code.values()) {
                out().printf("%s  %-7s  %s%n", c.id(), c.severity().label(), c.summary());
            }
            return 0;
        }
        String wanted = code.trim().toUpperCase(Locale.ROOT);
        for (Code c : Code.values()) {
            if (c.id().equals(wanted)) {
                out().print(Explanation.of(c).render());
                return 0;
            }
        }
        String hint = closest(wanted);
        throw new UsageException("unknown diagnostic code '" + code + "'"
                + (hint == null ? "; run 'nnetc explain' to list them all" : "; did you mean '" + hint + "'?"));
    }

    /** The first code within edit distance 2, so a typo such as E201 or E0210 finds its neighbour. */
    static String closest(String wanted) {
        String best = null;
        int bestDistance = 3;
        for (Code c : Code.values()) {
            int d = distance(wanted, c.id());
            if (d < bestDistance) {
                best = c.id();
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
