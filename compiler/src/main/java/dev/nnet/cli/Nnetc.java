package dev.nnet.cli;

import java.io.PrintWriter;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code nnetc} command line. Exit status: 0 success (warnings allowed), 1 the input has errors, 2 nnetc was
 * misused (bad option, unreadable file, stage not built) or failed internally.
 */
@Command(name = "nnetc", version = "nnetc " + Nnetc.VERSION,
        description = "The nnet compiler: checks neural-network definitions and compiles them.",
        subcommands = {CheckCommand.class, SummaryCommand.class, CompileCommand.class, ExportCommand.class,
                ExplainCommand.class, LspCommand.class, AutoComplete.GenerateCompletion.class, HelpCommand.class})
public final class Nnetc extends BaseCommand {
    public static final String VERSION = "0.1.0-SNAPSHOT";
    public static final int OK = 0;
    public static final int ERRORS = 1;
    public static final int USAGE = 2;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print version information and exit.")
    boolean version;

    /** {@code nnetc} alone: the usage on stderr, as a usage error, like git. */
    @Override
    int run() {
        spec.commandLine().usage(err());
        return USAGE;
    }

    /** The configured command line; main and the tests both go through here. */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new Nnetc()));
    }

    /** The error handling both nnetc and nnet share. */
    static CommandLine configure(CommandLine cl) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Nnetc::badUsage);
        cl.setExecutionExceptionHandler(Nnetc::failed);
        return cl;
    }

    public static void main(String[] args) {
        int status;
        try {
            status = commandLine().execute(args);
        } catch (Throwable t) { // outside picocli's handlers (e.g. while building the command): still a bug report
            System.err.println(internalError(t));
            status = USAGE;
        }
        System.exit(status);
    }

    /** GNU-style: one line saying what was wrong, suggestions for typos, a pointer to --help; not the whole usage. */
    private static int badUsage(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(program(cmd) + ": " + ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return USAGE;
    }

    private static int failed(Exception ex, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof UsageException) {
            err.println(program(cmd) + ": " + ex.getMessage());
        } else {
            Throwable cause = ex instanceof Crash && ex.getCause() != null ? ex.getCause() : ex;
            err.println(internalError(program(cmd), cause));
            String backtrace = System.getenv("NNETC_BACKTRACE");
            if (backtrace != null && !backtrace.isEmpty() && !backtrace.equals("0")) {
                cause.printStackTrace(err);
            } else {
                err.println(program(cmd) + ": note: run with NNETC_BACKTRACE=1 to see where it happened");
            }
        }
        err.flush();
        return USAGE;
    }

    /** {@code nnetc} or {@code nnet}: messages start with the name the user typed. */
    private static String program(CommandLine cmd) {
        return cmd.getCommandSpec().root().name();
    }

    static String internalError(Throwable t) {
        return internalError("nnetc", t);
    }

    /** Named after the command the user ran: {@code nnet: internal error: ...} under {@code nnet}. */
    static String internalError(String program, Throwable t) {
        return program + ": internal error: " + t + ", please report";
    }
}
