package dev.nnet.codegen.ptx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every feed-forward sample's PTX assembles with {@code ptxas} for sm_80 and for sm_90 (Hopper, the GPUs the device
 * check runs on). Where no ptxas is found (PATH, then /usr/local/bin, /usr/local/cuda/bin) the test says so loudly
 * and is skipped, except under env {@code CI} or {@code -Dnnet.requirePtxas=true}, where it fails.
 */
class PtxAssemblesTest {
    static Optional<Path> ptxas() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "ptxas"));
            }
        }
        candidates.add(Path.of("/usr/local/bin/ptxas"));
        candidates.add(Path.of("/usr/local/cuda/bin/ptxas"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** ptxas, or a loud skip (a failure in CI). */
    static Path requirePtxas() {
        Optional<Path> found = ptxas();
        if (found.isEmpty()) {
            String message = "\n*** ptxas NOT FOUND (PATH, /usr/local/bin, /usr/local/cuda/bin): the PTX the compiler "
                    + "emits is NOT being assembled. Install the CUDA toolkit's ptxas to check it. ***\n";
            System.err.println(message);
            if (System.getenv("CI") != null || Boolean.getBoolean("nnet.requirePtxas")) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        return found.get();
    }

    /** Assembles {@code ptx} for {@code arch}; returns ptxas's output, failing the test with it on an error. */
    static String assemble(Path ptxas, Path dir, String name, String ptx, String arch)
            throws IOException, InterruptedException {
        Path file = dir.resolve(name + ".ptx");
        Files.writeString(file, ptx, StandardCharsets.UTF_8);
        Path cubin = dir.resolve(name + "." + arch + ".cubin");
        Process p = new ProcessBuilder(ptxas.toString(), "-arch=" + arch, "-o", cubin.toString(), file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("ptxas took over 120 s on " + name);
        }
        assertEquals(0, p.exitValue(), "ptxas -arch=" + arch + " rejected " + name + " (kept in " + file + "):\n"
                + out);
        return out;
    }

    @Test
    void everyFeedForwardSampleAssemblesForSm80AndSm90(@TempDir Path dir) throws Exception {
        Path ptxas = requirePtxas();
        int modules = 0;
        for (Path sample : PtxSamples.feedForward()) {
            String ptx = PtxBackend.emit(PtxSamples.lower(sample));
            for (String arch : List.of("sm_80", "sm_90")) {
                assemble(ptxas, dir, PtxSamples.stem(sample), ptx, arch);
            }
            modules++;
        }
        System.out.println("ptxas assembled the PTX of " + modules + " feed-forward samples for sm_80 and sm_90");
        assertEquals(19, modules, "feed-forward samples: basics and mnist");
    }
}
