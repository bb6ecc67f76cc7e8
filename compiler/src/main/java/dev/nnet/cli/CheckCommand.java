package dev.nnet.cli;

import dev.nnet.Driver;
import dev.nnet.diag.Diagnostic;
import dev.nnet.diag.FileDiagnostics;
import dev.nnet.diag.JsonRenderer;
import dev.nnet.diag.SarifRenderer;
import dev.nnet.diag.Severity;
import dev.nnet.diag.ShortRenderer;
import dev.nnet.diag.SourceFile;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nnetc check FILE...}: parse, resolve and shape-check, report every problem. Like gcc and rustc, human and
 * short diagnostics go to stderr; JSON and SARIF are the command's product, so they go to stdout. Exit 0 when no
 * errors (warnings allowed unless --Werror), 1 when any file has an error, 2 when a file could not be read (the
 * others are still checked and reported).
 */
@Command(name = "check", description = "Check FILEs and report every problem found.")
final class CheckCommand extends BaseCommand {
    enum Format {
        HUMAN, SHORT, JSON, SARIF;

        static final class Converter implements ITypeConverter<Format> {
            @Override
            public Format convert(String value) {
                return Choices.parse(Format.class, value);
            }
        }
    }

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Source files (.nnet).")
    List<String> files = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "human", converter = Format.Converter.class,
            description = "human, short, json or sarif (default: ${DEFAULT-VALUE}). "
                    + "human and short go to standard error, json and sarif to standard output.")
    Format format = Format.HUMAN;

    @Option(names = "--max-errors", paramLabel = "N", defaultValue = "1000",
            description = "Show at most N diagnostics per file in the human and short formats, then how many more "
                    + "there are; 0 shows all (default: ${DEFAULT-VALUE}). JSON and SARIF always list every one.")
    int maxErrors;

    @Option(names = "--Werror", description = "Report warnings as errors (and fail on them).")
    boolean warningsAreErrors;

    @Mixin
    ColorOption color;

    @Override
    int run() {
        if (maxErrors < 0) {
            throw new UsageException("--max-errors must be 0 (no limit) or more, found " + maxErrors);
        }
        List<FileDiagnostics> results = new ArrayList<>();
        boolean unreadable = false;
        for (String file : files) {
            SourceFile source;
            try {
                source = Inputs.read(file);
            } catch (UsageException e) {
                // Said at once, and the other files are still checked: one bad path must not hide their results.
                err().println("nnetc: " + e.getMessage());
                unreadable = true;
                continue;
            }
            results.add(new FileDiagnostics(source, adjust(Driver.compile(source).diagnostics())));
        }
        switch (format) {
            case HUMAN -> results.forEach(r -> printHuman(r.source(), r.diagnostics(), color.enabled(), maxErrors));
            case SHORT -> results.forEach(r -> {
                List<Diagnostic> all = r.diagnostics();
                int shown = maxErrors == 0 ? all.size() : Math.min(maxErrors, all.size());
                all.subList(0, shown).forEach(d -> {
                    err().print(ShortRenderer.render(d, r.source().path()));
                    err().print('\n');
                });
                notShown(all.size() - shown);
            });
            case JSON -> {
                if (results.size() == 1) {
                    JsonRenderer.write(results.get(0), out());
                } else {
                    JsonRenderer.write(results, out());
                }
            }
            case SARIF -> out().print(SarifRenderer.render(results, Nnetc.VERSION));
            default -> throw new IllegalStateException("format " + format);
        }
        boolean failed = results.stream().anyMatch(r -> r.diagnostics().stream().anyMatch(Diagnostic::isError));
        return unreadable ? Nnetc.USAGE : failed ? Nnetc.ERRORS : Nnetc.OK;
    }

    /** With --Werror a warning is reported, and counted, as an error, in every format (rustc's -D warnings). */
    private List<Diagnostic> adjust(List<Diagnostic> diagnostics) {
        if (!warningsAreErrors) {
            return diagnostics;
        }
        return diagnostics.stream().map(d -> d.isError() ? d : new Diagnostic(Severity.ERROR, d.code(), d.span(),
                d.message(), d.spanLabel(), d.labels(), d.notes(), d.help(), d.fix())).toList();
    }
}
