package dev.nnet.cli;

import dev.nnet.diag.SourceFile;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads source files named on the command line; the display path is the argument exactly as typed. */
final class Inputs {
    private Inputs() {
    }

    static SourceFile read(String display) {
        try {
            Path path = Path.of(display);
            if (Files.isDirectory(path)) {
                throw cannot(display, "is a directory");
            }
            return new SourceFile(display, Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw cannot(display, "no such file");
        } catch (AccessDeniedException e) {
            throw cannot(display, "permission denied");
        } catch (CharacterCodingException e) {
            throw cannot(display, "not valid UTF-8");
        } catch (InvalidPathException e) {
            throw cannot(display, "invalid path");
        } catch (IOException e) {
            throw cannot(display, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static UsageException cannot(String path, String why) {
        return new UsageException("cannot read '" + path + "': " + why);
    }
}
