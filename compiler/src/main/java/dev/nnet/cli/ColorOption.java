package dev.nnet.cli;

import picocli.CommandLine.Option;

/** The {@code --color} option, mixed into every subcommand that prints diagnostics. */
final class ColorOption {
    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto", converter = ColorMode.Converter.class,
            description = "Colour diagnostics: auto, always or never (default: ${DEFAULT-VALUE}).")
    ColorMode mode = ColorMode.AUTO;

    boolean enabled() {
        return mode.enabled();
    }
}
