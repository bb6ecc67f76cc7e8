package dev.nnet.codegen.ptx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The PTX of {@code mnist-cnn} and {@code mnist-mlp-5} reads as its golden file under
 * {@code src/test/resources/golden/ptx/} (rewrite with {@code -Dnnet.updateGolden=true} and review the diff), and
 * every feed-forward sample's PTX is the same text twice.
 */
class PtxGoldenTest {
    private static final boolean UPDATE = Boolean.getBoolean("nnet.updateGolden");

    @Test
    void mnistCnnMatchesItsGoldenFile() throws IOException {
        assertGolden("mnist-cnn");
    }

    @Test
    void mnistMlp5MatchesItsGoldenFile() throws IOException {
        assertGolden("mnist-mlp-5");
    }

    @Test
    void everyFeedForwardSampleRendersTheSameTextTwice() {
        for (Path sample : PtxSamples.feedForward()) {
            assertEquals(PtxBackend.emit(PtxSamples.lower(sample)), PtxBackend.emit(PtxSamples.lower(sample)),
                    sample + ": two renderings differ");
        }
    }

    private static void assertGolden(String stem) throws IOException {
        String actual = PtxBackend.emit(PtxSamples.lower(PtxSamples.ROOT.resolve("samples/mnist/" + stem + ".nnet")));
        Path golden = PtxSamples.ROOT.resolve("compiler/src/test/resources/golden/ptx/" + stem + ".ptx");
        if (UPDATE) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(golden), "missing golden file " + golden + "; create it with `mvn -pl compiler test "
                + "-Dtest=PtxGoldenTest -Dnnet.updateGolden=true` and review the result");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual, "the PTX of " + stem + " differs from "
                + golden + " (rerun with -Dnnet.updateGolden=true if intended)");
    }
}
