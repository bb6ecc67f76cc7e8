package dev.nnet.cli;

import dev.nnet.runtime.TrainSpec;
import dev.nnet.run.RunException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Which weights {@code nnet eval} and {@code nnet predict} use: {@code --weights}, else the train block's checkpoint. */
final class Weights {
    private Weights() {
    }

    static Path resolve(Path given, TrainSpec spec, String file) {
        Path path = given;
        if (path == null && spec.checkpoint() != null) {
            path = Path.of(spec.checkpoint().path());
        }
        if (path == null) {
            throw new UsageException("no weights to use: pass --weights F, a checkpoint written by `nnet train " + file
                    + " --checkpoint F` or a safetensors file with PyTorch's state_dict names");
        }
        if (!Files.isRegularFile(path)) {
            // A file that is not there is the same failure as for --init-from and --resume: status 1, not usage.
            throw new RunException("weights file " + path + " does not exist"
                    + (given == null ? " (it is the train block's checkpoint; run `nnet train " + file + "` first, "
                    + "or pass --weights F)" : ""));
        }
        return path;
    }
}
