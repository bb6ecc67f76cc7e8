package dev.nnet.runtime.train;

import java.nio.file.Path;

/**
 * What the command line may override: where data and the {@code .nnet} file are, epochs and seed, and files to
 * start from, resume from, checkpoint to and log metrics to. Null means "as the train block says".
 */
public record RunOptions(Path nnetDir, Path dataDir, Integer epochs, Long seed, Path initFrom, Path checkpoint,
                         Path resume, Path metrics, boolean progress) {
    /** A relative checkpoint path of the train block is relative to the working directory. */
    public Path resolveOutput(String path) {
        return Path.of(path);
    }
}
