package dev.nnet.cli;

import dev.nnet.Compilation;
import dev.nnet.run.CompiledProgram;
import dev.nnet.runtime.TrainSpec;
import dev.nnet.runtime.train.RunOptions;
import dev.nnet.runtime.train.StepTrace;
import dev.nnet.runtime.train.TrainingLoop;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nnet train FILE.nnet}: check, compile, load and train, as the file's train block says. */
@Command(name = "train", description = "Compile FILE and train its model as its train block says.")
final class TrainCommand extends ProgramCommand {
    /** Steps before the clock starts: kernels load and caches warm in the first ones. */
    private static final long WARMUP_STEPS = 10;

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

    @Option(names = "--steps", paramLabel = "N", description = "Stop after N training steps (taking more epochs "
            + "than the train block's if needed, unless --epochs says) and print the speed after a warm-up.")
    Long steps;

    @Option(names = "--step-losses", paramLabel = "F", description = "Write every step's loss to F, one a line "
            + "(on the GPU this waits for each step: for parity checks, not for speed).")
    Path stepLosses;

    @Option(names = "--batch", paramLabel = "B", description = "Train with batches of B samples instead of the "
            + "train block's.")
    Integer batch;

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
        if (steps != null && steps < 1 || batch != null && batch < 1) {
            throw new UsageException(steps != null && steps < 1 ? "--steps must be 1 or more, found " + steps
                    : "--batch must be 1 or more, found " + batch);
        }
        Path log = plot != null && metrics == null ? LivePlot.temporaryLog() : metrics;
        String title = Path.of(file).getFileName().toString();
        LivePlot live = plot == null ? null : LivePlot.start(log, plot, title, plotEvery);
        RunOptions options = new RunOptions(fileDir(), data, epochs, seed, initFrom, checkpoint, resume, log, true,
                allowDivergence);
        TrainSpec spec = DataChecks.withFeatureCounts(program.spec(), compilation);
        if (batch != null) {
            spec = spec.withBatchSize(batch);
        }
        StepTrace trace = steps == null && stepLosses == null ? null
                : new StepTrace(steps == null ? 0 : steps, stepLosses != null, WARMUP_STEPS);
        try (TrainerChoice where = TrainerChoice.choose(device, gemm, program, "training", err())) {
            TrainingLoop loop = new TrainingLoop(spec, where.factory(), options, stdout);
            loop.onWarning(warning -> err().println("nnet: warning: " + warning));
            DataChecks.checkTargets(loop, compilation, err());
            if (trace != null) {
                loop.trace(trace);
            }
            loop.onStart(where::announce);
            loop.run();
            if (trace != null) {
                report(trace, spec.batchSize(), stdout);
            }
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

    private void report(StepTrace trace, int batchSize, PrintStream stdout) {
        if (stepLosses != null) {
            StringBuilder lines = new StringBuilder();
            for (float loss : trace.losses()) {
                lines.append(String.format(Locale.ROOT, "%.9g%n", loss));
            }
            try {
                Files.writeString(stepLosses, lines);
            } catch (IOException e) {
                throw new UsageException("cannot write --step-losses " + stepLosses + ": " + e.getMessage());
            }
        }
        if (!Double.isNaN(trace.samplesPerSecond())) {
            stdout.println(String.format(Locale.ROOT, "Speed: %.1f samples/s over steps %s (batch %s)",
                    trace.samplesPerSecond(), trace.timedSteps(), batchSize == 0 ? "all" : batchSize));
        }
    }
}
