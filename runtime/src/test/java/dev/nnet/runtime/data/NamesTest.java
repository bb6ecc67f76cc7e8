package dev.nnet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.Batch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamesTest {
    @TempDir
    Path dir;

    @Test
    void shippedNamesHaveEighteenCountriesAndNoNameInBothSplits() {
        Path samples = TestData.repoRoot().resolve("samples/recurrent");
        Names train = Datasets.names(new DataSpec.Names("data/names_train.csv.gz", 128, List.of(), 0), samples, null);
        Names test = Datasets.names(new DataSpec.Names("data/names_test.csv.gz", 128, train.classNames(), 0), samples,
                null);
        assertEquals(6787, train.size());
        assertEquals(3472, test.size());
        assertEquals(18, train.classNames().size());
        assertEquals("Chinese", train.classNames().get(0));
        assertEquals("Vietnamese", train.classNames().get(17));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < train.size(); i++) {
            seen.add(new String(train.name(i), StandardCharsets.US_ASCII));
        }
        for (int i = 0; i < test.size(); i++) {
            String name = new String(test.name(i), StandardCharsets.US_ASCII);
            assertTrue(!seen.contains(name), name + " is in both splits");
        }
    }

    @Test
    void rowsAreCodesPaddedToTheModelsLengthThenTheLength() throws IOException {
        Path file = gzip("Smith,English\nNg,Chinese\nMueller,German\n");
        Names names = Names.read(file, 128, null);
        assertEquals(List.of("Chinese", "English", "German"), names.classNames());
        Dataset rows = names.padded(8);
        assertEquals(9, rows.featureSize());
        assertEquals(3, rows.classes());
        Batch batch = new Batch(3, rows.featureSize(), 1, true);
        rows.fill(new int[] {1, 0, 2}, 0, 2, batch);
        assertEquals(2, batch.n);
        assertArrayEquals(new float[] {'N', 'g', 0, 0, 0, 0, 0, 0, 2, 'S', 'm', 'i', 't', 'h', 0, 0, 0, 5},
                Arrays.copyOf(batch.x, 18));
        assertArrayEquals(new int[] {0, 1}, Arrays.copyOf(batch.yInt, 2));
        assertEquals(8, names.padded(0).featureSize()); // the file's longest, Mueller, and its length
        assertEquals(1, Names.read(file, 128, List.of("German", "English", "Chinese")).classOf(0));
        DataException tooLong = assertThrows(DataException.class, () -> names.padded(5));
        assertTrue(tooLong.getMessage().contains("\"Mueller\" has 7 characters, but the model was compiled for "
                + "names of at most 5"), tooLong.getMessage());
    }

    @Test
    void badFilesAreClearErrorsAtTheirRow() throws IOException {
        assertError("Smith,English\nM\u00fcller,German\n", "x.csv:2:2: \"M\u00fcller\" has the character '\u00fc' "
                + "(code 252); names must be ASCII");
        assertError("Smith,English\n,German\n", "x.csv:2:1: the name is empty");
        assertError("Smith,English,UK\n", "x.csv:1: expected two columns, name,class");
        assertError("Smith,\n", "x.csv:1:7: the class of \"Smith\" is empty");
        assertError("\n\n", "no rows");
        Path file = dir.resolve("x.csv");
        Files.writeString(file, "Smith,English\nRossi,Italian\n");
        DataException unknown = assertThrows(DataException.class,
                () -> Names.read(file, 128, List.of("English", "German")));
        assertTrue(unknown.getMessage().contains("x.csv:2: unknown class \"Italian\"; the model's labels are "
                + "English, German"), unknown.getMessage());
        DataException vocabulary = assertThrows(DataException.class, () -> Names.read(file, 100, null));
        assertTrue(vocabulary.getMessage().contains("x.csv:1:2: \"Smith\" has the character 'm' (code 109), outside "
                + "the vocabulary of 100 codes"), vocabulary.getMessage());
    }

    @Test
    void aTruncatedGzipFileIsNamedAsSuch() throws IOException {
        byte[] whole = Files.readAllBytes(gzip("Smith,English\n".repeat(200)));
        Path cut = dir.resolve("cut.csv.gz");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        DataException e = assertThrows(DataException.class, () -> Names.read(cut, 128, null));
        assertTrue(e.getMessage().contains("cut.csv.gz: a corrupt or truncated gzip file"), e.getMessage());
        DataException missing = assertThrows(DataException.class, () -> Datasets.names(
                new DataSpec.Names("nowhere.csv.gz", 128, List.of(), 0), dir, null));
        assertTrue(missing.getMessage().startsWith("names file nowhere.csv.gz not found"), missing.getMessage());
    }

    private void assertError(String content, String expected) throws IOException {
        Path file = dir.resolve("x.csv");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        DataException e = assertThrows(DataException.class, () -> Names.read(file, 128, null));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private Path gzip(String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content.getBytes(StandardCharsets.US_ASCII));
        }
        Path file = dir.resolve("names.csv.gz");
        Files.write(file, bytes.toByteArray());
        return file;
    }
}
