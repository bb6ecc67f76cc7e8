package dev.nnet.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.TypeConversionException;

/**
 * Lower-case option values for enums whose constants cannot be spelled that way in Java ({@code short},
 * {@code ir-opt}); picocli's built-in enum conversion would also list the choices in upper case.
 */
final class Choices {
    private Choices() {
    }

    static String spell(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        for (E e : type.getEnumConstants()) {
            if (spell(e).equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw new TypeConversionException("expected one of " + list(type) + " but was '" + value + "'");
    }

    static <E extends Enum<E>> String list(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choices::spell).collect(Collectors.joining(", "));
    }
}
