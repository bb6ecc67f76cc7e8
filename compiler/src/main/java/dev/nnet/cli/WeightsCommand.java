package dev.nnet.cli;

import dev.nnet.runtime.TrainSpec;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** A command that runs trained weights: {@code nnet eval} and {@code nnet predict}. */
abstract class WeightsCommand extends ProgramCommand {
    @Option(names = "--weights", paramLabel = "F",
            description = "A checkpoint or PyTorch safetensors file (default: the train block's checkpoint).")
    Path weights;

    /** {@code --weights}, else the train block's checkpoint; a usage error when neither exists. */
    Path weights(TrainSpec spec) {
        return Weights.resolve(weights, spec, file);
    }
}
