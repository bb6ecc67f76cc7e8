package dev.nnet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nnet init NAME}: a new Maven project in folder NAME, with the README's pom (one nnet dependency, the
 * plugin) and a starter {@code src/main/nnet/NAME.nnet} that trains y = 2x, ready for {@code mvn package}.
 */
@Command(name = "init", description = "Create a Maven project in folder NAME: a pom.xml with the nnet plugin, "
        + "and a starter model in src/main/nnet.")
final class InitCommand extends BaseCommand {
    @Parameters(paramLabel = "NAME", description = "The project's folder and Maven artifactId, e.g. my-nets.")
    String name;

    @Option(names = "--in", paramLabel = "DIR",
            description = "Create the project inside DIR instead of the working directory.")
    Path parent;

    @Override
    int run() {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new UsageException("'" + name + "' cannot name a project: use letters, digits, '-', '_' and '.', "
                    + "starting with a letter or digit, e.g. my-nets");
        }
        Path dir = parent == null ? Path.of(name) : parent.resolve(name);
        if (Files.exists(dir) && !isEmptyDirectory(dir)) {
            throw new UsageException("'" + name + "' already exists and is not an empty folder; choose another name");
        }
        Path pom = dir.resolve("pom.xml");
        Path nnet = dir.resolve("src/main/nnet/" + name + ".nnet");
        try {
            Files.createDirectories(nnet.getParent());
            Files.writeString(pom, template("pom.xml").replace("@NAME@", name), StandardCharsets.UTF_8);
            Files.writeString(nnet, template("starter.nnet"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot write the project in '" + name + "': " + e.getMessage());
        }
        out().println("Created " + pom + " and " + nnet);
        out().println("Next: cd " + dir + " && mvn package   (the model becomes com.example.nets.LinearModel, "
                + "trained from Java by Training.of(LinearModelTrainer.SPEC, LinearModelTrainer::new).run())");
        out().println("Or:   nnet train " + nnet);
        return Nnetc.OK;
    }

    private static boolean isEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    static String template(String file) {
        try (InputStream in = InitCommand.class.getResourceAsStream("init/" + file)) {
            if (in == null) {
                throw new IllegalStateException("the nnet jar lacks its init template " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
