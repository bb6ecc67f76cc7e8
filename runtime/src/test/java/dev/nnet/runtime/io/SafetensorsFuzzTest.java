package dev.nnet.runtime.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the safetensors reader with Jazzer: any bytes are read (every tensor decoded as floats)
 * or refused with a {@link CheckpointException}, never another exception. The committed seed corpus under
 * {@code SafetensorsFuzzTestInputs/read/} runs with {@code mvn test}; {@code JAZZER_FUZZ=1} runs a campaign.
 */
class SafetensorsFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void read(byte[] input) throws IOException {
        Path file = Files.createTempFile("fuzz", ".safetensors");
        try {
            Files.write(file, input);
            SafetensorsFile f = Safetensors.read(file);
            for (String name : f.names()) {
                f.shape(name);
                f.floats(name);
            }
        } catch (CheckpointException refused) {
            // a clear message naming the file and what is wrong with it
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
