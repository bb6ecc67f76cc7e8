package dev.nnet.runtime.train;

import java.nio.file.Path;

/**
 * What the command line may override: where data and the {@code .nnet} file are, epochs and seed, and files to
 * start from, resume from, checkpoint to and log metrics to. Null means "as the train block says".
 * {@code allowDivergence} trains on through a loss that grows by orders of magnitude instead of stopping.
 */
public record RunOptions(Path nnetDir, Path dataDir, Integer epochs, Long seed, Path initFrom, Path checkpoint,
                         Path resume, Path metrics, boolean progress, boolean allowDivergence) {
    /** Stopping a diverging run (see {@link Divergence}), as every run does unless asked not to. */
    public RunOptions(Path nnetDir, Path dataDir, Integer epochs, Long seed, Path initFrom, Path checkpoint,
                      Path resume, Path metrics, boolean progress) {
        this(nnetDir, dataDir, epochs, seed, initFrom, checkpoint, resume, metrics, progress, false);
    }

    /** A relative checkpoint path of the train block is relative to the working directory. */
    public Path resolveOutput(String path) {
        return Path.of(path);
    }
}
