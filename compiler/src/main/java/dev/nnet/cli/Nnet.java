package dev.nnet.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;

/**
 * The {@code nnet} command line: trains what a {@code .nnet} file describes. It lives beside {@code nnetc}
 * because it compiles the file first; the generated code itself needs only the runtime and kernels.
 */
@Command(name = "nnet", version = "nnet " + Nnetc.VERSION, description = "Train networks described in .nnet files.",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, DataCommand.class,
                PlotCommand.class, InitCommand.class, AutoComplete.GenerateCompletion.class, HelpCommand.class})
public final class Nnet extends BaseCommand {
    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print version information and exit.")
    boolean version;

    @Override
    int run() {
        spec.commandLine().usage(err());
        return Nnetc.USAGE;
    }

    public static CommandLine commandLine() {
        CommandLine cl = Nnetc.configure(new CommandLine(new Nnet()));
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
