package dev.nnet.cli;

import picocli.CommandLine.Command;

/** {@code nnet data}: the data sets nnet can download; {@code fetch} does the downloading. */
@Command(name = "data", description = "Download data sets into the cache the data sources look in.",
        subcommands = {DataFetchCommand.class})
final class DataCommand extends BaseCommand {
    @Override
    int run() {
        spec.commandLine().usage(err());
        return Nnetc.USAGE;
    }
}
