package dev.nnet.codegen.ptx.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * NVIDIA's assembler as the judge of syntax: every kernel the simulator's tests run must also assemble for sm_80, so
 * the dialect the simulator accepts is real PTX. Where ptxas is absent the check is skipped with a loud warning;
 * the simulation itself still runs.
 */
final class Ptxas {
    private static final Path PTXAS = locate();

    private Ptxas() {
    }

    static void assertAssembles(String name, String ptx) {
        if (PTXAS == null) {
            System.err.println("WARNING: ptxas is not on the PATH nor at /usr/local/bin/ptxas; " + name
                    + " is NOT checked against the real PTX assembler");
            return;
        }
        try {
            Path dir = Files.createTempDirectory("ptxsim");
            Path source = dir.resolve(name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".ptx");
            Files.writeString(source, ptx);
            Process process = new ProcessBuilder(PTXAS.toString(), "-arch=sm_80", "-o",
                    dir.resolve("out.cubin").toString(), source.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("ptxas did not finish within 60 s on " + name);
            }
            assertEquals(0, process.exitValue(), () -> "ptxas rejects " + name + ":\n" + output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Path locate() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, "ptxas");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        Path fallback = Path.of("/usr/local/bin/ptxas");
        return Files.isExecutable(fallback) ? fallback : null;
    }

    /** A kernel source from this package's test resources. */
    static String resource(String name) {
        try (var in = Ptxas.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
