package dev.nnet.cli;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.SourceFile;
import dev.nnet.lower.LoweringException;
import dev.nnet.run.CompiledProgram;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code nnet train}, {@code eval} and {@code predict} share: check FILE, compile its model and train block to
 * classes, load them, and turn the runtime's user errors (bad data, bad checkpoint) into one line on stderr.
 */
abstract class ProgramCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "Source file (.nnet).")
    String file;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder holding the data files (e.g. the MNIST IDX files).")
    Path data;

    @Option(names = "--device", paramLabel = "WHERE", defaultValue = "auto", converter = DeviceChoice.Converter.class,
            description = "Run on cuda (an NVIDIA GPU), cpu, or auto: the GPU when there is one (default: "
                    + "${DEFAULT-VALUE}).")
    DeviceChoice device = DeviceChoice.AUTO;

    @Option(names = "--gemm", paramLabel = "ENGINE", defaultValue = "tiled", converter = GemmEngine.Converter.class,
            description = "On the GPU, matrix products by the generated tiled kernel or by cuBLAS: tiled or cublas "
                    + "(default: ${DEFAULT-VALUE}).")
    GemmEngine gemm = GemmEngine.TILED;

    /** The command's work on the loaded program; {@code stdout} is for results, {@link #err()} for problems. */
    abstract int run(Compilation compilation, CompiledProgram program, PrintStream stdout);

    @Override
    final int run() {
        SourceFile source = Inputs.read(file);
        Compilation c = Driver.compile(source);
        if (c.hasErrors()) {
            printHuman(source, c.diagnostics(), false);
            return Nnetc.ERRORS;
        }
        PrintStream stdout = new PrintStream(new WriterStream(out()), true);
        Path work = null;
        try {
            work = WorkFolders.create();
            return run(c, CompiledProgram.load(c, work), stdout);
        } catch (LoweringException e) {
            return unsupported(source, e, false);
        } catch (IOException e) {
            throw new UsageException("cannot create a temporary folder: " + e.getMessage());
        } catch (RuntimeException e) {
            if (RunErrors.isUserError(e)) {
                err().println("nnet: error: " + e.getMessage());
                return Nnetc.ERRORS;
            }
            throw e;
        } finally {
            stdout.flush();
            WorkFolders.deleteQuietly(work);
        }
    }

    /** The folder of FILE: inline data and relative data paths of the train block are resolved against it. */
    Path fileDir() {
        return Path.of(file).toAbsolutePath().getParent();
    }
}
