package dev.nnet.cli;

import dev.nnet.lsp.NnetLanguageServer;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import picocli.CommandLine.Command;

/**
 * {@code nnetc lsp}: the language server, speaking LSP over standard input and output until the client sends
 * {@code exit} (status 0 after {@code shutdown}, 1 otherwise, as LSP prescribes).
 */
@Command(name = "lsp", description = "Run the language server on standard input and output (for editors).")
final class LspCommand extends BaseCommand {
    @Override
    int run() {
        // Standard output carries the protocol alone: the server writes to the file descriptor itself, and
        // anything else that prints to System.out by mistake lands on standard error instead.
        PrintStream err = System.err;
        System.setOut(err);
        return NnetLanguageServer.serve(System.in, new FileOutputStream(FileDescriptor.out), err);
    }
}
