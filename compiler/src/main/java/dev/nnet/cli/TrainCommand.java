package dev.nnet.cli;

import dev.nnet.Compilation;
import dev.nnet.run.CompiledProgram;
import dev.nnet.runtime.train.RunOptions;
import dev.nnet.runtime.train.TrainingLoop;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nnet train FILE.nnet}: check, compile, load and train, as the file's train block says. */
@Command(name = "train", description = "Compile FILE and train its model as its train block says.")
final class TrainCommand extends ProgramCommand {
    @Option(names = "--epochs", paramLabel = "N", description = "Train for N epochs instead of the train block's.")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "S", description = "Seed for initialization, shuffling and dropout.")
    Long seed;

    @Option(names = "--init-from", paramLabel = "F", description = "Start from the weights in a safetensors file.")
    Path initFrom;

    @Option(names = "--checkpoint", paramLabel = "F", description = "Write checkpoints here: at the train block's checkpoint cadence, else at the end (and at most once a minute before).")
    Path checkpoint;

    @Option(names = "--resume", paramLabel = "F", description = "Resume training from a checkpoint.")
    Path resume;

    @Option(names = "--metrics", paramLabel = "F", description = "Append JSON-lines metrics to F.")
    Path metrics;

    @Option(names = "--plot", paramLabel = "IMAGE",
            description = "Draw the loss and accuracy curves into IMAGE (.png or .svg) at the end.")
    Path plot;

    @Option(names = "--plot-every", paramLabel = "SECONDS",
            description = "With --plot: redraw IMAGE every SECONDS while training, too.")
    Integer plotEvery;

    @Option(names = "--allow-divergence", description = "Train on when the loss grows by orders of magnitude (by "
            + "default the run stops and says the learning rate is too large).")
    boolean allowDivergence;

    @Override
    int run(Compilation compilation, CompiledProgram program, PrintStream stdout) {
        if (epochs != null && epochs < 0) {
            throw new UsageException("--epochs must be 0 or more, found " + epochs);
        }
        if (plotEvery != null && (plot == null || plotEvery < 1)) {
            throw new UsageException(plot == null ? "--plot-every needs --plot IMAGE"
                    : "--plot-every must be 1 second or more, found " + plotEvery);
        }
        Path log = plot != null && metrics == null ? LivePlot.temporaryLog() : metrics;
        String title = Path.of(file).getFileName().toString();
        LivePlot live = plot == null ? null : LivePlot.start(log, plot, title, plotEvery);
        RunOptions options = new RunOptions(fileDir(), data, epochs, seed, initFrom, checkpoint, resume, log, true,
                allowDivergence);
        try {
            TrainingLoop loop = new TrainingLoop(DataChecks.withFeatureCounts(program.spec(), compilation),
                    program.factory(), options, stdout);
            loop.onWarning(warning -> err().println("nnet: warning: " + warning));
            DataChecks.checkTargets(loop, compilation, err());
            loop.run();
            if (live != null) {
                live.finish();
                stdout.println("Curves: " + plot);
            }
        } finally {
            if (live != null) {
                live.stop();
            }
            if (log != metrics) {
                LivePlot.deleteQuietly(log);
            }
        }
        return Nnetc.OK;
    }
}
