package dev.nnet.cli;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.SourceFile;
import dev.nnet.lower.LoweringException;
import dev.nnet.run.CompiledProgram;
import dev.nnet.runtime.train.RunOptions;
import dev.nnet.runtime.train.TrainingLoop;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nnet train FILE.nnet}: check, compile, load and train, as the file's train block says. */
@Command(name = "train", description = "Compile FILE and train its model as its train block says.")
final class TrainCommand extends BaseCommand {
    @Parameters(paramLabel = "FILE", description = "Source file (.nnet).")
    String file;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder holding the data files (e.g. the MNIST IDX files).")
    Path data;

    @Option(names = "--epochs", paramLabel = "N", description = "Train for N epochs instead of the train block's.")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "S", description = "Seed for initialization, shuffling and dropout.")
    Long seed;

    @Option(names = "--init-from", paramLabel = "F", description = "Start from the weights in a safetensors file.")
    Path initFrom;

    @Option(names = "--checkpoint", paramLabel = "F", description = "Write checkpoints here instead.")
    Path checkpoint;

    @Option(names = "--resume", paramLabel = "F", description = "Resume training from a checkpoint.")
    Path resume;

    @Option(names = "--metrics", paramLabel = "F", description = "Append JSON-lines metrics to F.")
    Path metrics;

    @Override
    int run() {
        SourceFile source = Inputs.read(file);
        Compilation c = Driver.compile(source);
        if (c.hasErrors()) {
            printHuman(source, c.diagnostics(), false);
            return Nnetc.ERRORS;
        }
        PrintStream stdout = new PrintStream(new WriterStream(out()), true);
        try {
            Path work = Files.createTempDirectory("nnet-");
            CompiledProgram program = CompiledProgram.load(c, work);
            Path dir = Path.of(file).toAbsolutePath().getParent();
            RunOptions options = new RunOptions(dir, data, epochs, seed, initFrom, checkpoint, resume, metrics, true);
            new TrainingLoop(program.spec(), program.factory(), options, stdout).run();
            return Nnetc.OK;
        } catch (LoweringException e) {
            throw new UsageException(file + ": " + e.getMessage());
        } catch (java.io.IOException e) {
            throw new UsageException("cannot create a temporary folder: " + e.getMessage());
        } catch (RuntimeException e) {
            if (RunErrors.isUserError(e)) {
                err().println("nnet: error: " + e.getMessage());
                return Nnetc.ERRORS;
            }
            throw e;
        } finally {
            stdout.flush();
        }
    }
}
