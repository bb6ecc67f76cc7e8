package dev.nnet.cli;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.lower.LoweredProgram;
import dev.nnet.lower.LoweringException;
import dev.nnet.lower.MemoryEstimate;
import dev.nnet.lower.Pipeline;
import dev.nnet.summary.SummaryTable;
import java.util.Locale;
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
        trainingMemory(c);
        return 0;
    }

    /** What each train block's trainer allocates at its batch size, from the middle end's memory plans. */
    private void trainingMemory(Compilation c) {
        LoweredProgram lowered;
        try {
            lowered = Pipeline.lower(c);
        } catch (LoweringException e) {
            return; // checked but not compiled yet: there is no trainer to size
        }
        for (LoweredProgram.Train t : lowered.trains()) {
            long batch = t.settings().batch();
            if (batch <= 0 || batch > Integer.MAX_VALUE) {
                continue; // `batch full`: sized by the data, known when training starts
            }
            MemoryEstimate e = MemoryEstimate.of(lowered.model(t.model().name()), t, (int) batch);
            out().printf(Locale.ROOT, "Training memory at batch %d: %.1f MB (buffers, parameters, gradients, optimizer "
                    + "state, kernel workspaces)%n", batch, e.bytes() / 1e6);
        }
    }
}
