package dev.nnet.run;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles generated sources with the JDK's own compiler into a temporary folder and loads them, so
 * {@code nnet train FILE.nnet} needs no build step. The classes link against the runtime and kernels already on
 * this JVM's class path.
 */
public final class JavacRunner {
    private JavacRunner() {
    }

    public static ClassLoader compile(List<JavaFile> files, Path workDir) {
        Path classes = workDir.resolve("classes");
        compileTo(files, workDir.resolve("src"), classes);
        try {
            return new URLClassLoader(new URL[] {classes.toUri().toURL()}, JavacRunner.class.getClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the sources under {@code src} and compiles them into {@code classes}. */
    static void compileTo(List<JavaFile> files, Path srcDir, Path classesDir) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new RunException("`nnet` compiles the generated Java in memory and needs a JDK, not a JRE; "
                    + "run it with a JDK 17+ `java`, or use `nnetc compile --emit=java -o DIR` and build the sources");
        }
        try {
            Path src = Files.createDirectories(srcDir);
            Path classes = Files.createDirectories(classesDir);
            List<Path> paths = new ArrayList<>();
            for (JavaFile f : files) {
                paths.add(f.writeToPath(src));
            }
            StringWriter errors = new StringWriter();
            try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
                Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromPaths(paths);
                // StringBuilder concatenation, as the kernels are built: an invokedynamic concat in a throw branch
                // of the model allocates when the JIT links it, long after warm-up.
                List<String> options = List.of("--release", "17", "-classpath", System.getProperty("java.class.path"),
                        "-d", classes.toString(), "-Xlint:all", "-Werror", "-XDstringConcat=inline");
                boolean ok = javac.getTask(errors, fm, null, options, null, units).call();
                if (!ok) {
                    throw new RunException("internal error: the generated Java did not compile (a bug in nnet, please "
                            + "report it with the .nnet file):\n" + errors);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
