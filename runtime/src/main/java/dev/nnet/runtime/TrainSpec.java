package dev.nnet.runtime;

import dev.nnet.runtime.data.DataSpec;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@code train} block says besides the model, loss and optimizer (which are compiled into the
 * generated trainer): the data sets, how to batch them, how long to train, and what to log, evaluate and save.
 *
 * @param data       named data sets in declaration order ({@code train}, {@code test}, ...)
 * @param trainData  the name of the set trained on
 * @param batchSize  samples per batch; {@code 0} for {@code batch full} (the whole set)
 * @param seed       seeds initialization, shuffling and dropout
 * @param log        how often to print {@code [epoch, batch] loss: ...}; null for once per epoch
 * @param checkpoint where and how often to save; null for never
 * @param source     the {@code .nnet} file, for messages; relative data paths resolve against its folder too
 */
public record TrainSpec(String model, Map<String, DataSpec> data, String trainData, int batchSize, boolean shuffle,
                        boolean dropLast, int epochs, long seed, Cadence log, List<Evaluation> evaluations,
                        CheckpointSpec checkpoint, String source) {
    public TrainSpec {
        data = Map.copyOf(data);
        evaluations = List.copyOf(evaluations);
    }

    /** The same spec reading other data sets (the command line fills in what the model expects of each). */
    public TrainSpec withData(Map<String, DataSpec> other) {
        return new TrainSpec(model, other, trainData, batchSize, shuffle, dropLast, epochs, seed, log, evaluations,
                checkpoint, source);
    }

    /** The same spec with another batch size (e.g. {@code nnet train --batch 512} measuring throughput). */
    public TrainSpec withBatchSize(int size) {
        return new TrainSpec(model, data, trainData, size, shuffle, dropLast, epochs, seed, log, evaluations,
                checkpoint, source);
    }

    public enum Unit { BATCHES, EPOCHS }

    /** {@code every 300 batches}, {@code every epoch}. */
    public record Cadence(int every, Unit unit) {
    }

    /** {@code evaluate test every epoch: accuracy, loss}. */
    public record Evaluation(String data, Cadence every, List<String> metrics) {
        public Evaluation {
            metrics = List.copyOf(metrics);
        }
    }

    /** {@code checkpoint "net.safetensors" every 2 epochs}. */
    public record CheckpointSpec(String path, Cadence every) {
    }
}
