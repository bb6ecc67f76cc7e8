package dev.nnet.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** {@code --color=auto|always|never}. */
enum ColorMode {
    AUTO, ALWAYS, NEVER;

    /**
     * Auto means colour only when talking to a terminal that can show it. Java only tells whether the console is
     * interactive, not stderr itself, which is the usual approximation; NO_COLOR (no-color.org) always wins.
     */
    boolean enabled() {
        if (this != AUTO) {
            return this == ALWAYS;
        }
        String noColor = System.getenv("NO_COLOR");
        String term = System.getenv("TERM");
        return System.console() != null && (noColor == null || noColor.isEmpty())
                && term != null && !term.equals("dumb");
    }

    static final class Converter implements ITypeConverter<ColorMode> {
        @Override
        public ColorMode convert(String value) {
            return Choices.parse(ColorMode.class, value);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
