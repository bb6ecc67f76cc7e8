package dev.nnet.cli;

import dev.nnet.Compilation;
import dev.nnet.run.CompiledProgram;
import dev.nnet.runtime.EvalTotals;
import dev.nnet.runtime.TrainSpec;
import dev.nnet.runtime.metrics.TrainLog;
import dev.nnet.runtime.train.RunOptions;
import dev.nnet.runtime.train.TrainingLoop;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nnet eval FILE.nnet}: the loss and accuracy of trained weights, in evaluation mode (no dropout). */
@Command(name = "eval", description = "Evaluate trained weights on the data sets FILE's train block evaluates.")
final class EvalCommand extends WeightsCommand {
    @Option(names = "--on", paramLabel = "NAME",
            description = "Evaluate on this data set of the train block instead (repeatable), e.g. --on train.")
    List<String> on;

    @Override
    int run(Compilation compilation, CompiledProgram program, PrintStream stdout) {
        TrainSpec spec = DataChecks.withFeatureCounts(program.spec(), compilation);
        Path w = weights(spec);
        for (String name : sets(spec)) {
            if (!spec.data().containsKey(name)) {
                throw new UsageException("the train block of " + file + " has no data set `" + name + "`; it has "
                        + String.join(", ", spec.data().keySet()));
            }
        }
        RunOptions options = new RunOptions(fileDir(), data, 0, null, null, null, null, null, false);
        try (TrainerChoice where = TrainerChoice.choose(device, gemm, program, "evaluating", err())) {
            TrainingLoop loop = new TrainingLoop(spec, where.factory(), options, stdout);
            loop.onWarning(warning -> err().println("nnet: warning: " + warning));
            DataChecks.checkTargets(loop, compilation, err());
            loop.loadWeights(w);
            where.announce();
            for (String name : sets(spec)) {
                EvalProgress progress = EvalProgress.onConsole(err(), name, loop.size(name));
                EvalTotals totals = loop.evaluate(name, progress);
                progress.clear();
                List<String> metrics = metrics(spec, name, compilation);
                stdout.println(TrainLog.evaluation(name, totals, metrics.contains("loss"),
                        metrics.contains("accuracy")));
            }
        }
        return Nnetc.OK;
    }

    private Set<String> sets(TrainSpec spec) {
        Set<String> names = new LinkedHashSet<>();
        if (on != null) {
            names.addAll(on);
        } else {
            spec.evaluations().forEach(e -> names.add(e.data()));
        }
        if (names.isEmpty()) {
            names.add(spec.trainData());
        }
        return names;
    }

    /** The metrics the train block asks for on this set; else the loss, and accuracy for classification losses. */
    private static List<String> metrics(TrainSpec spec, String name, Compilation c) {
        for (TrainSpec.Evaluation e : spec.evaluations()) {
            if (e.data().equals(name)) {
                return e.metrics();
            }
        }
        List<String> metrics = new ArrayList<>(List.of("loss"));
        if (Outputs.classification(c)) {
            metrics.add("accuracy");
        }
        return metrics;
    }
}
