package dev.nnet.runtime.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The {@code names(...)} data set: {@code name,class} rows (gzip or plain), as the name-classifier seed reads them.
 * A name becomes its ASCII codes, zero-padded to the model's length L, followed by the name's length, so the
 * recurrent layers see packed sequences. Classes are indices into a class list: the one given (the model's
 * labels), else the file's classes sorted, as the seed's {@code sorted(set(countries))}.
 */
public final class Names {
    private final String source;
    private final byte[][] names;
    private final int[] classes;
    private final List<String> classNames;
    private final int longest;

    private Names(String source, byte[][] names, int[] classes, List<String> classNames) {
        this.source = source;
        this.names = names;
        this.classes = classes;
        this.classNames = List.copyOf(classNames);
        int max = 0;
        for (byte[] n : names) {
            max = Math.max(max, n.length);
        }
        this.longest = max;
    }

    /**
     * @param vocabulary every character's code must be below this (128: ASCII)
     * @param classNames the classes in index order, or null to take the file's, sorted
     */
    public static Names read(Path file, int vocabulary, List<String> classNames) {
        List<String> lines = lines(file);
        List<byte[]> names = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = i == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String where = file + ":" + (i + 1);
            int comma = line.indexOf(',');
            if (comma < 0 || line.indexOf(',', comma + 1) >= 0) {
                throw new DataException(where + ": expected two columns, name,class, but the row is \"" + line
                        + "\"");
            }
            String name = line.substring(0, comma);
            String label = line.substring(comma + 1).strip();
            if (name.isEmpty()) {
                throw new DataException(where + ":1: the name is empty; every row needs a name of one character "
                        + "or more");
            }
            if (label.isEmpty()) {
                throw new DataException(where + ":" + (comma + 2) + ": the class of \"" + name + "\" is empty");
            }
            names.add(codes(name, vocabulary, where));
            labels.add(label);
            rows.add(i + 1);
        }
        if (names.isEmpty()) {
            throw new DataException(file + ": no rows; expected name,class rows");
        }
        List<String> classList = classNames != null ? classNames : List.copyOf(new TreeSet<>(labels));
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < classList.size(); c++) {
            index.put(classList.get(c), c);
        }
        int[] classes = new int[labels.size()];
        for (int i = 0; i < classes.length; i++) {
            Integer c = index.get(labels.get(i));
            if (c == null) {
                throw new DataException(file + ":" + rows.get(i) + ": unknown class \"" + labels.get(i)
                        + "\"; the model's labels are " + String.join(", ", classList)
                        + " (add it to the labels, or drop the row)");
            }
            classes[i] = c;
        }
        return new Names(file.toString(), names.toArray(new byte[0][]), classes, classList);
    }

    private static byte[] codes(String name, int vocabulary, String where) {
        byte[] out = new byte[name.length()];
        for (int j = 0; j < name.length(); j++) {
            char ch = name.charAt(j);
            if (ch == 0 || ch >= 128) {
                throw new DataException(where + ":" + (j + 1) + ": \"" + name + "\" has the character '" + ch
                        + "' (code " + (int) ch + "); names must be ASCII, codes 1 to 127 (transliterate it, or "
                        + "drop the row)");
            }
            if (ch >= vocabulary) {
                throw new DataException(where + ":" + (j + 1) + ": \"" + name + "\" has the character '" + ch
                        + "' (code " + (int) ch + "), outside the vocabulary of " + vocabulary + " codes; raise "
                        + "`vocabulary=` of names(...) and the embedding's size, or drop the row");
            }
            out[j] = (byte) ch;
        }
        return out;
    }

    /** The file's lines, gunzipped when it starts with gzip's magic bytes, decoded strictly as ASCII/UTF-8. */
    private static List<String> lines(Path file) {
        try (PushbackInputStream in = new PushbackInputStream(Files.newInputStream(file), 2)) {
            byte[] magic = in.readNBytes(2);
            in.unread(magic);
            boolean gzip = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
            InputStream text = gzip ? new GZIPInputStream(in) : in;
            BufferedReader reader = new BufferedReader(new InputStreamReader(text, StandardCharsets.UTF_8
                    .newDecoder().onMalformedInput(CodingErrorAction.REPORT)));
            return reader.lines().toList();
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file", e);
        } catch (ZipException | java.io.EOFException e) {
            throw new DataException(file + ": a corrupt or truncated gzip file (" + e.getMessage() + "); rebuild it "
                    + "or download it again", e);
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            if (cause instanceof ZipException || cause instanceof java.io.EOFException) {
                throw new DataException(file + ": a corrupt or truncated gzip file (" + cause.getMessage()
                        + "); rebuild it or download it again", e);
            }
            throw new DataException(file + (cause instanceof CharacterCodingException
                    ? ": not a text file of name,class rows (nor gzip-compressed one)" : ": cannot read: " + cause), e);
        }
    }

    public int size() {
        return names.length;
    }

    /** The classes in index order. */
    public List<String> classNames() {
        return classNames;
    }

    /** The longest name's length. */
    public int longest() {
        return longest;
    }

    public String source() {
        return source;
    }

    /** The ASCII codes of sample {@code i}. */
    public byte[] name(int i) {
        return names[i].clone();
    }

    public int classOf(int i) {
        return classes[i];
    }

    /**
     * This data set as model rows: each name's codes zero-padded to {@code length} characters, then its length, side
     * by side in one row as the model's two inputs ({@code int[N, L]} and {@code int[N]}) take them; its class as
     * the target. The recurrent layers run each batch only to its longest name, so the padding costs no steps.
     *
     * @param length the model's L, at least {@link #longest()}; 0 for {@link #longest()}
     * @throws DataException if a name is longer than {@code length}
     */
    public Dataset padded(int length) {
        int pad = length == 0 ? longest : length;
        if (longest > pad) {
            int i = 0;
            while (names[i].length <= pad) {
                i++;
            }
            throw new DataException(source + ": \"" + new String(names[i], java.nio.charset.StandardCharsets.US_ASCII)
                    + "\" has " + names[i].length + " characters, but the model was compiled for names of at most "
                    + pad + " (the longest in its names files then); compile it again with this file in place");
        }
        return new PaddedNames(pad);
    }

    /** The rows of {@link #padded}: codes and length as floats (whole numbers, which the model reads as ints). */
    private final class PaddedNames implements Dataset {
        private final int length;

        PaddedNames(int length) {
            this.length = length;
        }

        @Override
        public int size() {
            return names.length;
        }

        @Override
        public int[] sampleShape() {
            return new int[] {length + 1};
        }

        @Override
        public int featureSize() {
            return length + 1;
        }

        @Override
        public boolean classTargets() {
            return true;
        }

        @Override
        public int targetSize() {
            return 1;
        }

        @Override
        public int classes() {
            return classNames.size();
        }

        @Override
        public void fill(int[] order, int from, int count, dev.nnet.runtime.Batch batch) {
            Dataset.checkFill(this, order, from, count, batch);
            int row = length + 1;
            for (int i = 0; i < count; i++) {
                byte[] name = names[order[from + i]];
                int at = i * row;
                for (int j = 0; j < length; j++) {
                    batch.x[at + j] = j < name.length ? name[j] : 0;
                }
                batch.x[at + length] = name.length;
                batch.yInt[i] = classes[order[from + i]];
            }
            batch.n = count;
        }
    }
}
