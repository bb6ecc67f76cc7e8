package dev.nnet.cli;

import com.palantir.javapoet.JavaFile;
import dev.nnet.codegen.java.JavaBackend;
import dev.nnet.lower.LoweredProgram;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Prints the generated sources, or writes them under a directory by package like javac's {@code -s}. */
final class JavaOutput {
    private JavaOutput() {
    }

    static void write(LoweredProgram program, String packageName, String dir, PrintWriter out) {
        List<JavaFile> files = JavaBackend.generate(program, packageName);
        if (dir == null) {
            for (JavaFile f : files) {
                out.print(f.toString());
            }
            return;
        }
        Path root = Path.of(dir);
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new UsageException("-o " + dir + ": not a directory; -o names the folder to write the sources under");
        }
        try {
            for (JavaFile f : files) {
                Path written = f.writeToPath(root);
                out.println("wrote " + written);
            }
        } catch (IOException e) {
            throw new UsageException("cannot write to " + dir + ": " + e.getMessage());
        }
    }
}
