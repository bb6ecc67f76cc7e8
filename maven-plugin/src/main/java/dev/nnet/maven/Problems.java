package dev.nnet.maven;

import java.util.List;

/** Counting and summarizing a build's problems, the way the failure message states them. */
final class Problems {
    private Problems() {
    }

    /** With {@code failOnWarning}, warnings are reported and counted as errors, like {@code nnetc check --Werror}. */
    static List<Problem> effective(List<Problem> problems, boolean failOnWarning) {
        return failOnWarning ? problems.stream().map(Problem::asError).toList() : problems;
    }

    static long errors(List<Problem> problems) {
        return problems.stream().filter(Problem::isError).count();
    }

    /** {@code nnet: 2 errors in 1 file}, with warnings added when there are any: {@code , 1 warning}. */
    static String summary(List<Problem> problems) {
        long errors = errors(problems);
        long files = problems.stream().filter(Problem::isError).map(Problem::file).distinct().count();
        long warnings = problems.size() - errors;
        StringBuilder s = new StringBuilder("nnet: ");
        if (errors > 0) {
            s.append(plural(errors, "error")).append(" in ").append(plural(files, "file"));
            if (warnings > 0) {
                s.append(", ").append(plural(warnings, "warning"));
            }
        } else if (warnings > 0) {
            long warned = problems.stream().map(Problem::file).distinct().count();
            s.append(plural(warnings, "warning")).append(" in ").append(plural(warned, "file"));
        } else {
            s.append("no problems");
        }
        return s.toString();
    }

    /** {@code 1 file}, {@code 2 files}. */
    static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
