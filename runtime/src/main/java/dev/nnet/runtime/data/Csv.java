package dev.nnet.runtime.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads a numeric CSV file, one sample per row: one column is the target, every other column a float feature.
 * Cells are decimal numbers (surrounding spaces and double quotes allowed); anything else, a missing cell or a
 * non-finite value is an error at {@code file:row:column}. Blank lines are skipped.
 */
public final class Csv {
    /** Decimal numbers only: Java's own parser would also take {@code 1f}, {@code 0x1p3} and {@code NaN}. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

    private Csv() {
    }

    /**
     * @param labelColumn  the target column, 0-based; negative counts from the end ({@code -1} is the last)
     * @param header       skip the first non-blank row
     * @param classTargets read the target as a class index (an integer 0 or more) instead of a float
     */
    public static ArrayDataset read(Path file, int labelColumn, boolean header, boolean classTargets,
                                    List<Transform> transforms) {
        return read(file, labelColumn, header, classTargets, transforms, 0);
    }

    /**
     * As {@link #read(Path, int, boolean, boolean, List)}, for a model that takes {@code features} feature columns
     * (0: any): a row with another number of columns is an error at its file, row and column, before any sample
     * is read into a misaligned batch.
     */
    public static ArrayDataset read(Path file, int labelColumn, boolean header, boolean classTargets,
                                    List<Transform> transforms, int features) {
        List<String> lines;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines = in.lines().toList();
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file", e);
        } catch (IOException | java.io.UncheckedIOException e) {
            Throwable cause = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
            throw new DataException(file + (cause instanceof CharacterCodingException
                    ? ": not a UTF-8 text file; is it compressed or binary?" : ": cannot read: " + cause), e);
        }
        Parsed p = parse(file, lines, labelColumn, header, classTargets, features);
        int[] yInt = null;
        if (classTargets) {
            yInt = new int[p.rows];
            for (int i = 0; i < p.rows; i++) {
                yInt[i] = (int) p.targets[i];
            }
        }
        return new ArrayDataset(file.toString(), p.rows, new int[] {p.columns - 1}, p.features,
                classTargets ? null : p.targets, 1, yInt, transforms);
    }

    private record Parsed(int rows, int columns, float[] features, float[] targets) {
    }

    private static Parsed parse(Path file, List<String> lines, int labelColumn, boolean header, boolean classTargets,
                                int modelFeatures) {
        String[] headerCells = null;
        int columns = -1;
        int label = 0;
        List<float[]> rows = new ArrayList<>();
        for (int line = 0; line < lines.size(); line++) {
            String text = line == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(line);
            if (text.isBlank()) {
                continue;
            }
            String[] cells = text.split(",", -1);
            if (columns < 0) {
                columns = cells.length;
                expectColumns(file, line + 1, columns, modelFeatures, header);
                label = labelIndex(file, labelColumn, columns);
                if (header) {
                    headerCells = cells;
                    continue;
                }
            }
            if (cells.length != columns) {
                throw new DataException(file + ":" + (line + 1) + ": " + cells.length + " columns, but the "
                        + (headerCells != null ? "header has " : "first row has ") + columns
                        + "; every row needs the same number of cells");
            }
            float[] values = new float[columns];
            for (int c = 0; c < columns; c++) {
                values[c] = cell(file, line + 1, c, cells[c], headerCells, header || !rows.isEmpty());
            }
            if (classTargets) {
                checkClass(file, line + 1, label, values[label], cells[label]);
            }
            rows.add(values);
        }
        if (rows.isEmpty()) {
            throw new DataException(file + (columns < 0 ? ": empty file, no rows"
                    : ": a header row and no data rows") + "; a CSV data set needs at least one sample");
        }
        if (columns < 2) {
            throw new DataException(file + ": only one column; a CSV data set needs feature columns and a label "
                    + "column");
        }
        int n = rows.size();
        float[] features = new float[n * (columns - 1)];
        float[] targets = new float[n];
        for (int r = 0; r < n; r++) {
            float[] values = rows.get(r);
            int f = r * (columns - 1);
            for (int c = 0; c < columns; c++) {
                if (c == label) {
                    targets[r] = values[c];
                } else {
                    features[f++] = values[c];
                }
            }
        }
        return new Parsed(n, columns, features, targets);
    }

    /** The first row fixes the column count for the rest; it must be the model's features plus the label. */
    private static void expectColumns(Path file, int row, int columns, int features, boolean header) {
        if (features <= 0 || columns == features + 1) {
            return;
        }
        String want = (features + 1) + " columns (" + features + " feature" + (features == 1 ? "" : "s")
                + " and the label)";
        String what = header ? "the header" : "the first row";
        if (columns > features + 1) {
            throw new DataException(file + ":" + row + ":" + (features + 2) + ": " + what + " has " + columns
                    + " columns, but the model takes " + want + "; column " + (features + 2) + " onwards would be "
                    + "read as features of the next sample. Drop the extra columns or change the model's input");
        }
        throw new DataException(file + ":" + row + ":" + (columns + 1) + ": " + what + " has " + columns
                + " column" + (columns == 1 ? "" : "s") + ", but the model takes " + want + "; the row ends before "
                + "column " + (columns + 1) + ". Add the missing columns or change the model's input");
    }

    private static int labelIndex(Path file, int labelColumn, int columns) {
        int label = labelColumn < 0 ? columns + labelColumn : labelColumn;
        if (label < 0 || label >= columns) {
            throw new DataException(file + ": label column " + labelColumn + " does not exist: the file has " + columns
                    + " columns (0 to " + (columns - 1) + ", or -1 to -" + columns + " from the end)");
        }
        return label;
    }

    /**
     * Parses as a double, then rounds to float: what NumPy's and pandas' readers followed by a cast to float32 do,
     * so the values match a PyTorch pipeline that reads the same file.
     */
    private static float cell(Path file, int row, int column, String raw, String[] headerCells, boolean dataSeen) {
        String text = raw.strip();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1).strip();
        }
        String where = file + ":" + row + ":" + (column + 1) + ": "
                + (headerCells != null ? "(column \"" + headerCells[column].strip() + "\") " : "");
        if (text.isEmpty()) {
            throw new DataException(where + "empty cell; fill in or drop rows with missing values");
        }
        if (NON_FINITE.matcher(text).matches()) {
            throw new DataException(where + "non-finite value \"" + text + "\"; fill in or drop rows with missing "
                    + "or infinite values");
        }
        if (!NUMBER.matcher(text).matches()) {
            throw new DataException(where + "\"" + text + "\" is not a number"
                    + (dataSeen ? "" : "; if the first row is a header, say header=true"));
        }
        float value = (float) Double.parseDouble(text);
        if (!Float.isFinite(value)) {
            throw new DataException(where + text + " is too large for a float (at most about 3.4e38)");
        }
        return value;
    }

    private static void checkClass(Path file, int row, int label, float value, String raw) {
        if (value < 0 || value != Math.rint(value) || value > 1 << 24) {
            throw new DataException(String.format(Locale.ROOT, "%s:%d:%d: class label \"%s\" is not an integer "
                    + "0 or more; class targets are indices (0, 1, 2, ...), or read the column as floats", file, row,
                    label + 1, raw.strip()));
        }
    }
}
