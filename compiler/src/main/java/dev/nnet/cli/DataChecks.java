package dev.nnet.cli;

import dev.nnet.Compilation;
import dev.nnet.check.TrainSettings;
import dev.nnet.check.TypedTrain;
import dev.nnet.runtime.TrainSpec;
import dev.nnet.runtime.data.DataSpec;
import dev.nnet.runtime.data.Dataset;
import dev.nnet.runtime.loss.BinaryTargets;
import dev.nnet.runtime.train.TrainingLoop;
import dev.nnet.types.TensorType;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks of the data against the model that need the checked program, which the generated trainer's spec does not
 * carry: how many features a CSV row must have, and whether the targets fit a binary cross-entropy loss. Done once
 * when the data is opened, so lying data stops the run before the first step with the file, row and column.
 */
final class DataChecks {
    private DataChecks() {
    }

    /** The spec with every CSV data set told how many feature columns the model takes. */
    static TrainSpec withFeatureCounts(TrainSpec spec, Compilation c) {
        TypedTrain train = c.typed().trains().isEmpty() ? null : c.typed().trains().get(0);
        if (train == null) {
            return spec;
        }
        Map<String, DataSpec> data = new LinkedHashMap<>();
        spec.data().forEach((name, d) -> {
            TrainSettings.Data typed = train.settings().data().get(name);
            if (d instanceof DataSpec.Csv csv && typed != null && typed.inputs().size() == 1) {
                data.put(name, perSample(typed.inputs().get(0)).map(csv::withFeatures).orElse(csv));
            } else {
                data.put(name, d);
            }
        });
        return spec.withData(data);
    }

    /** Floats per sample when every dimension after the batch is a constant that fits an int. */
    private static Optional<Integer> perSample(TensorType batched) {
        long size = 1;
        for (int i = 1; i < batched.rank(); i++) {
            Optional<Long> d = batched.dim(i).constant();
            if (d.isEmpty() || d.get() < 1 || d.get() > Integer.MAX_VALUE / size) {
                return Optional.empty();
            }
            size *= d.get();
        }
        return Optional.of((int) size);
    }

    /** Stops at a target outside a binary loss's domain; prints one warning per data set with soft labels. */
    static void checkTargets(TrainingLoop loop, Compilation c, PrintWriter err) {
        if (c.typed().trains().isEmpty()) {
            return;
        }
        TrainSettings.Loss loss = c.typed().trains().get(0).settings().loss();
        if (loss == null || !(loss.op().name().equals("bce") || loss.op().name().equals("bce_with_logits"))) {
            return;
        }
        for (Map.Entry<String, Dataset> e : loop.datasets().entrySet()) {
            String warning = BinaryTargets.check(e.getKey(), e.getValue(), loss.op().name());
            if (warning != null) {
                err.println("nnet: warning: " + warning);
                err.flush();
            }
        }
    }
}
