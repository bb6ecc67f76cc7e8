package dev.nnet.cli;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.summary.SummaryTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code nnetc summary FILE}: the layer table on stdout when the file checks, its diagnostics otherwise. */
@Command(name = "summary", description = "Print a table of every model's layers, output shapes and parameters.")
final class SummaryCommand extends BaseCommand {
    @Parameters(paramLabel = "FILE", description = "Source file (.nnet).")
    String file;

    @Mixin
    ColorOption color;

    @Override
    int run() {
        Compilation c = Driver.compile(Inputs.read(file));
        printHuman(c.source(), c.diagnostics(), color.enabled());
        if (c.hasErrors()) {
            return 1;
        }
        printBlock(out(), SummaryTable.render(c));
        return 0;
    }
}
