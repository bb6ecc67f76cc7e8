package dev.nnet.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.Rng;
import dev.nnet.runtime.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    private static Tensor filled(String name, float start, int... shape) {
        Tensor t = new Tensor(name, shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = start + i;
        }
        return t;
    }

    private List<Tensor> parameters() {
        return List.of(filled("conv1.weight", 1, 10, 1, 5, 5), filled("conv1.bias", 300, 10),
                filled("fc.weight", -5, 10, 320), filled("fc.bias", 0.5f, 10));
    }

    @Test
    void saveAndLoadRoundTripEverything() {
        Rng rng = new Rng(2024);
        rng.nextLong();
        Path file = dir.resolve("run.safetensors");
        List<Tensor> optimizer = List.of(filled("optimizer.fc.weight.momentum_buffer", 9, 10, 320));
        Checkpoint.save(file, parameters(), optimizer, 3, 2814, 2815, rng.state(), Map.of("model", "Net"));
        Checkpoint c = Checkpoint.load(file);
        assertEquals(List.of("conv1.weight", "conv1.bias", "fc.weight", "fc.bias"),
                c.parameters().stream().map(Tensor::name).toList());
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(parameters().get(i).shape(), c.parameters().get(i).shape());
            assertArrayEquals(parameters().get(i).data(), c.parameters().get(i).data());
        }
        assertEquals(1, c.optimizerState().size());
        assertArrayEquals(optimizer.get(0).data(), c.optimizerState().get(0).data());
        assertEquals(3, c.epoch());
        assertEquals(2814, c.step());
        assertEquals(2815, c.optimizerSteps());
        assertEquals(Map.of("model", "Net"), c.metadata());
        // The generator resumes where it was saved.
        Rng resumed = new Rng(0);
        resumed.setState(c.rngState());
        assertEquals(rng.nextLong(), resumed.nextLong());
    }

    /** What PyTorch's side sees: plain names, and decimal strings in __metadata__. */
    @Test
    void fileLayoutIsPlainSafetensors() {
        Path file = dir.resolve("run.safetensors");
        long[] state = {-1, Long.MIN_VALUE, 7, Long.MAX_VALUE};
        Checkpoint.save(file, parameters(), List.of(), 1, 938, 938, state, Map.of());
        SafetensorsFile f = Safetensors.read(file);
        assertEquals(List.of("conv1.weight", "conv1.bias", "fc.weight", "fc.bias"), f.names());
        assertEquals(Map.of("format", "pt", "nnet.format_version", "1", "nnet.epoch", "1", "nnet.step", "938",
                "nnet.optimizer_steps", "938", "nnet.rng_state",
                "-1,-9223372036854775808,7,9223372036854775807"), f.metadata());
        assertArrayEquals(state, Checkpoint.load(file).rngState());
    }

    @Test
    void aWeightsOnlyFileCannotResumeARun() {
        Path file = dir.resolve("weights.safetensors");
        Safetensors.write(file, parameters(), Map.of("format", "pt"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(file));
        assertEquals(file + ": not an nnet checkpoint (no nnet.format_version in its __metadata__), so it cannot "
                + "resume a run; to start from its weights, use --init-from", e.getMessage());
    }

    @Test
    void badMetadataIsNamed() {
        Path file = dir.resolve("bad.safetensors");
        Safetensors.write(file, parameters(), Map.of("nnet.format_version", "2"));
        assertEquals(file + ": checkpoint format version 2, but this nnet reads version 1; use the nnet that wrote it",
                assertThrows(CheckpointException.class, () -> Checkpoint.load(file)).getMessage());
        Safetensors.write(file, parameters(), Map.of("nnet.format_version", "1", "nnet.epoch", "three",
                "nnet.step", "1", "nnet.optimizer_steps", "1", "nnet.rng_state", "1,2,3,4"));
        assertEquals(file + ": metadata nnet.epoch holds \"three\", expected a decimal integer",
                assertThrows(CheckpointException.class, () -> Checkpoint.load(file)).getMessage());
        Safetensors.write(file, parameters(), Map.of("nnet.format_version", "1", "nnet.epoch", "1",
                "nnet.step", "1", "nnet.optimizer_steps", "1", "nnet.rng_state", "1,2,3"));
        assertEquals(file + ": metadata nnet.rng_state has 3 numbers, expected 4",
                assertThrows(CheckpointException.class, () -> Checkpoint.load(file)).getMessage());
        Safetensors.write(file, parameters(), Map.of("nnet.format_version", "1"));
        assertEquals(file + ": metadata nnet.rng_state is missing; the checkpoint is incomplete",
                assertThrows(CheckpointException.class, () -> Checkpoint.load(file)).getMessage());
    }

    @Test
    void saveRefusesMisnamedStateAndReservedKeys() {
        Path file = dir.resolve("x.safetensors");
        long[] state = new Rng(1).state();
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(file, parameters(),
                List.of(new Tensor("fc.weight.exp_avg", 1)), 0, 0, 0, state, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(file,
                List.of(new Tensor("optimizer.w", 1)), List.of(), 0, 0, 0, state, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(file, parameters(), List.of(), 0, 0, 0,
                state, Map.of("nnet.epoch", "9")));
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(file, parameters(), List.of(), 0, 0, 0,
                new long[3], Map.of()));
    }

    @Test
    void loadIntoCopiesByNameAndIgnoresOptimizerState() {
        Path file = dir.resolve("run.safetensors");
        Checkpoint.save(file, parameters(), List.of(filled("optimizer.fc.bias.momentum_buffer", 0, 10)), 1, 1, 1,
                new Rng(1).state(), Map.of());
        List<Tensor> model = List.of(new Tensor("fc.bias", 10), new Tensor("fc.weight", 10, 320),
                new Tensor("conv1.bias", 10), new Tensor("conv1.weight", 10, 1, 5, 5));
        Checkpoint.loadInto(file, model, true);
        assertArrayEquals(filled("fc.bias", 0.5f, 10).data(), model.get(0).data());
        assertArrayEquals(filled("conv1.weight", 1, 10, 1, 5, 5).data(), model.get(3).data());
    }

    @Test
    void loadIntoListsEveryProblemAndCopiesNothing() {
        Path file = dir.resolve("run.safetensors");
        Safetensors.write(file, parameters(), Map.of());
        Tensor conv = new Tensor("conv1.weight", 20, 1, 5, 5);
        Tensor fc = new Tensor("fc1.weight", 10, 320);
        Tensor bias = new Tensor("fc.bias", 10);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoint.loadInto(file, List.of(conv, fc, bias), true));
        assertEquals(file + ": cannot initialize the model from it:\n"
                + "  conv1.weight: file has [10, 1, 5, 5], model expects [20, 1, 5, 5]\n"
                + "  fc1.weight: missing from the file (did you mean fc.weight?)\n"
                + "  conv1.bias: in the file but not in the model\n"
                + "  fc.weight: in the file but not in the model\n"
                + "the file has:\n"
                + "  conv1.weight [10, 1, 5, 5]\n"
                + "  conv1.bias [10]\n"
                + "  fc.weight [10, 320]\n"
                + "  fc.bias [10]", e.getMessage());
        assertEquals(0f, bias.data()[0], "nothing is copied when anything is wrong");
    }

    @Test
    void nonStrictLoadingAllowsExtraTensors() {
        Path file = dir.resolve("run.safetensors");
        Safetensors.write(file, parameters(), Map.of());
        Tensor bias = new Tensor("fc.bias", 10);
        List<String> warnings = Checkpoint.copyInto(file, List.of(bias), false);
        assertEquals(0.5f, bias.data()[0]);
        assertEquals(List.of(file + ": ignored 3 tensors the model does not have: conv1.weight, conv1.bias, "
                + "fc.weight"), warnings);
    }

    @Test
    void exactlyTheModelsTensorsLoadWithoutWarnings() {
        Path file = dir.resolve("run.safetensors");
        Safetensors.write(file, parameters(), Map.of());
        List<Tensor> model = List.of(new Tensor("conv1.weight", 10, 1, 5, 5), new Tensor("conv1.bias", 10),
                new Tensor("fc.weight", 10, 320), new Tensor("fc.bias", 10));
        assertEquals(List.of(), Checkpoint.copyInto(file, model, false));
    }

    /** Integer data in a float parameter is refused, as for every way weights are loaded. */
    @Test
    void integerDataInAFloatParameterIsAnError() throws IOException {
        String json = "{\"fc.bias\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}";
        byte[] data = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(1).putLong(2)
                .array();
        Path file = Files.write(dir.resolve("int.safetensors"), Crafted.file(json, data));
        Tensor bias = new Tensor("fc.bias", 2);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoint.loadInto(file, List.of(bias), false));
        assertTrue(e.getMessage().contains("fc.bias: file has dtype I64, but the parameter is float; integer data in "
                + "a float parameter is a mistake"), e.getMessage());
        assertArrayEquals(new float[] {0f, 0f}, bias.data());
    }

    @Test
    void nonFiniteWeightsAreAnErrorNamingTheTensor() {
        Path file = dir.resolve("nan.safetensors");
        Tensor w = filled("fc.weight", 1, 2, 3);
        w.data()[4] = Float.NaN;
        w.data()[5] = Float.POSITIVE_INFINITY;
        Safetensors.write(file, List.of(w, filled("fc.bias", 0, 2)), Map.of());
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoint.loadInto(file, List.of(new Tensor("fc.weight", 2, 3), new Tensor("fc.bias", 2)),
                        false));
        assertTrue(e.getMessage().contains("\n  fc.weight: 2 of 6 values are not finite (the first, at flat index 4, "
                + "is NaN)"), e.getMessage());
        assertFalse(e.getMessage().contains("fc.bias:"), e.getMessage());
    }

    @Test
    void suggestsTheNameWithADataParallelPrefix() {
        Path file = dir.resolve("run.safetensors");
        Safetensors.write(file, List.of(new Tensor("module.fc.weight", 2, 2)), Map.of());
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoint.loadInto(file, List.of(new Tensor("fc.weight", 2, 2)), false));
        assertTrue(e.getMessage().contains("fc.weight: missing from the file (did you mean module.fc.weight?)"),
                e.getMessage());
    }

    /** PyTorch may save half precision or doubles; --init-from converts them. */
    @Test
    void loadIntoConvertsOtherFloatTypes() throws IOException {
        String json = "{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[4,12]}}";
        byte[] data = Crafted.concat(Crafted.le((short) 0x3c00, (short) 0xb800),
                java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(0.25).array());
        Path file = Files.write(dir.resolve("half.safetensors"), Crafted.file(json, data));
        Tensor w = new Tensor("w", 2);
        Tensor b = new Tensor("b", 1);
        Checkpoint.loadInto(file, List.of(w, b), true);
        assertArrayEquals(new float[] {1f, -0.5f}, w.data());
        assertArrayEquals(new float[] {0.25f}, b.data());
    }

    @Test
    void nameSuggestionsAreCloseOrNothing() {
        assertEquals("fc.weight", NameSuggestion.closest("fc1.weight", List.of("conv1.weight", "fc.weight")).get());
        assertTrue(NameSuggestion.closest("embedding.weight", List.of("fc.bias")).isEmpty());
        assertEquals(3, NameSuggestion.distance("kitten", "sitting"));
        assertEquals(0, NameSuggestion.distance("", ""));
        assertEquals(4, NameSuggestion.distance("", "abcd"));
    }

    /** A complete temporary file left by a writer killed before its rename is deleted by the next write. */
    @Test
    void temporaryFilesOfKilledWritersAreSweptByTheNextWrite() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Path stale = Files.writeString(dir.resolve(".run.safetensors.pid" + p.pid() + ".1a2b.tmp"), "complete copy");
        Path live = Files.writeString(dir.resolve(".run.safetensors.pid" + ProcessHandle.current().pid()
                + ".3c4d.tmp"), "being written");
        Path other = Files.writeString(dir.resolve(".other.safetensors.pid" + p.pid() + ".5e6f.tmp"), "x");
        Safetensors.write(dir.resolve("run.safetensors"), parameters(), Map.of());
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(live));
        assertTrue(Files.exists(other), "only this checkpoint's temporary files are swept");
    }

    @Test
    void checkWritableFailsAtOnceForAFileInPlaceOfTheFolder() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoint.checkWritable(file.resolve("run.safetensors")));
        assertTrue(e.getMessage().contains("cannot write checkpoints there"), e.getMessage());
        Checkpoint.checkWritable(dir.resolve("sub/run.safetensors"));
        try (var left = Files.list(dir.resolve("sub"))) {
            assertEquals(0, left.count(), "the probe leaves nothing behind");
        }
    }
}
