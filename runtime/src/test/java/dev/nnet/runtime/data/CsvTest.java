package dev.nnet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.Batch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("d.csv"), text);
    }

    private String error(String text, int label, boolean header, boolean classTargets) throws IOException {
        Path file = write(text);
        DataException e = assertThrows(DataException.class,
                () -> Csv.read(file, label, header, classTargets, List.of()));
        return e.getMessage();
    }

    @Test
    void pimaDiabetesHas768PatientsOf8FeaturesAnd268Positives() throws IOException {
        Path file = TestData.repoRoot().resolve("data/diabetes.csv");
        ArrayDataset d = Csv.read(file, -1, true, false, List.of());
        assertEquals(768, d.size());
        assertArrayEquals(new int[] {8}, d.sampleShape());
        assertFalse(d.classTargets());
        assertEquals(1, d.targetSize());
        float[] first = {6, 148, 72, 35, 0, 33.6f, 0.627f, 50};
        for (int j = 0; j < 8; j++) {
            assertEquals(first[j], d.x(0, j));
        }
        assertEquals(1f, d.yFloat(0, 0));
        float[] last = {1, 93, 70, 31, 0, 30.4f, 0.315f, 23};
        for (int j = 0; j < 8; j++) {
            assertEquals(last[j], d.x(767, j));
        }
        assertEquals(0f, d.yFloat(767, 0));
        // Independent reference: the label column read line by line here.
        List<String> lines = Files.readAllLines(file);
        int positives = 0;
        double glucose = 0;
        for (int i = 0; i < 768; i++) {
            String[] cells = lines.get(i + 1).split(",");
            positives += Integer.parseInt(cells[8]);
            glucose += Double.parseDouble(cells[1]);
            assertEquals(Float.parseFloat(cells[8]), d.yFloat(i, 0));
        }
        assertEquals(268, positives);
        double sum = 0;
        for (int i = 0; i < 768; i++) {
            sum += d.x(i, 1);
        }
        assertEquals(glucose, sum);

        ArrayDataset classes = Csv.read(file, 8, true, true, List.of());
        assertTrue(classes.classTargets());
        assertEquals(2, classes.classes());
        Batch b = new Batch(2, 8, 1, true);
        classes.fill(new int[] {0, 1}, 0, 2, b);
        assertArrayEquals(new int[] {1, 0}, b.yInt);
        assertEquals(148f, b.x[1]);
    }

    @Test
    void labelColumnMayBeAnyColumnAndValuesRoundLikeNumpyFloat32() throws IOException {
        Path file = write("a,b,c\n 1.5 ,\"2\",3\n-4e-1,5,+.25\n\n");
        ArrayDataset d = Csv.read(file, 0, true, false, List.of());
        assertEquals(2, d.size());
        assertEquals(2f, d.x(0, 0));
        assertEquals(3f, d.x(0, 1));
        assertEquals(1.5f, d.yFloat(0, 0));
        assertEquals((float) -0.4, d.yFloat(1, 0));
        assertEquals(0.25f, d.x(1, 1));
        ArrayDataset middle = Csv.read(file, -2, true, false, List.of());
        assertEquals(2f, middle.yFloat(0, 0));
        assertEquals(1.5f, middle.x(0, 0));
        assertEquals(3f, middle.x(0, 1));
    }

    @Test
    void badCellsAreReportedAtFileRowColumn() throws IOException {
        String message = error("a,b,c\n1,2,3\n4,x5,6\n", -1, true, false);
        assertTrue(message.endsWith("d.csv:3:2: (column \"b\") \"x5\" is not a number"), message);
        message = error("1,2,3\n4,,6\n", -1, false, false);
        assertTrue(message.endsWith("d.csv:2:2: empty cell; fill in or drop rows with missing values"), message);
        message = error("1,2,1f\n", -1, false, false);
        assertTrue(message.contains("d.csv:1:3: \"1f\" is not a number"), message);
    }

    @Test
    void aHeaderReadAsDataSuggestsHeaderTrue() throws IOException {
        String message = error("pregnant,glucose,label\n1,2,0\n", -1, false, false);
        assertTrue(message.contains("d.csv:1:1: \"pregnant\" is not a number; if the first row is a header, say "
                + "header=true"), message);
    }

    @Test
    void nonFiniteValuesAreRejected() throws IOException {
        for (String bad : new String[] {"NaN", "inf", "-Infinity"}) {
            String message = error("1,2\n3," + bad + "\n", 0, false, false);
            assertTrue(message.contains("d.csv:2:2: non-finite value \"" + bad + "\""), message);
        }
        String message = error("1,2\n3,1e39\n", 0, false, false);
        assertTrue(message.contains("d.csv:2:2: 1e39 is too large for a float"), message);
    }

    @Test
    void raggedRowsAreRejected() throws IOException {
        String message = error("a,b,c\n1,2,3\n4,5\n", -1, true, false);
        assertTrue(message.endsWith("d.csv:3: 2 columns, but the header has 3; every row needs the same number of "
                + "cells"), message);
        message = error("1,2,3\n4,5,6,7\n", -1, false, false);
        assertTrue(message.contains("d.csv:2: 4 columns, but the first row has 3"), message);
    }

    @Test
    void emptyFilesAndHeaderOnlyFilesAreRejected() throws IOException {
        assertTrue(error("", -1, false, false).contains("empty file, no rows"));
        assertTrue(error("\n\n", -1, true, false).contains("empty file, no rows"));
        assertTrue(error("a,b\n", -1, true, false).contains("a header row and no data rows"));
        assertTrue(error("1\n2\n", -1, false, false).contains("only one column"));
    }

    @Test
    void labelColumnOutOfRangeIsRejected() throws IOException {
        String message = error("1,2,3\n", 3, false, false);
        assertTrue(message.contains("label column 3 does not exist: the file has 3 columns (0 to 2, or -1 to -3"),
                message);
        assertTrue(error("1,2,3\n", -4, false, false).contains("label column -4 does not exist"));
    }

    @Test
    void classTargetsMustBeNonNegativeIntegers() throws IOException {
        String message = error("1,0\n2,0.5\n", -1, false, true);
        assertTrue(message.contains("d.csv:2:2: class label \"0.5\" is not an integer 0 or more"), message);
        assertTrue(error("1,-1\n", -1, false, true).contains("class label \"-1\""));
        Path file = write("1,2.0\n2,0\n");
        ArrayDataset d = Csv.read(file, -1, false, true, List.of());
        assertEquals(2, d.yInt(0));
        assertEquals(3, d.classes());
    }

    @Test
    void binaryFilesAreNotTakenForText() throws IOException {
        Path file = dir.resolve("d.csv.gz");
        Files.write(file, TestData.gzip("1,2\n".getBytes()));
        DataException e = assertThrows(DataException.class, () -> Csv.read(file, -1, false, false, List.of()));
        assertTrue(e.getMessage().contains("not a UTF-8 text file"), e.getMessage());
    }

    @Test
    void moreColumnsThanTheModelTakesIsAnErrorAtTheFirstExtraColumn() throws IOException {
        Path file = write("a,b,c,d\n1,2,3,0\n");
        DataException e = assertThrows(DataException.class, () -> Csv.read(file, -1, true, false, List.of(), 2));
        assertTrue(e.getMessage().startsWith(file + ":1:4: the header has 4 columns, but the model takes 3 columns "
                + "(2 features and the label)"), e.getMessage());
    }

    @Test
    void fewerColumnsThanTheModelTakesIsAnErrorWhereTheRowEnds() throws IOException {
        Path file = write("\n1,2,0\n4,5,1\n");
        DataException e = assertThrows(DataException.class, () -> Csv.read(file, -1, false, false, List.of(), 8));
        assertTrue(e.getMessage().startsWith(file + ":2:4: the first row has 3 columns, but the model takes 9 "
                + "columns (8 features and the label); the row ends before column 4"), e.getMessage());
    }

    @Test
    void theRightColumnCountReads() throws IOException {
        Path file = write("1,2,3,0\n");
        assertEquals(3, Csv.read(file, -1, false, false, List.of(), 3).featureSize());
    }
}
