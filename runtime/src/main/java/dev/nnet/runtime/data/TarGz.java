package dev.nnet.runtime.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads chosen files out of a gzip-compressed tar archive in one pass, so a data set can be read from the archive
 * its publisher distributes (CIFAR-10's {@code cifar-10-binary.tar.gz}) without unpacking it. Handles the ustar
 * and old GNU formats' regular files; each header's checksum is verified, so a damaged archive is reported as such.
 */
final class TarGz {
    private static final int BLOCK = 512;

    private TarGz() {
    }

    /** The contents of the entries whose file name (the last path component) is in {@code names}, by that name. */
    static Map<String, byte[]> entries(Path archive, Set<String> names) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive), 1 << 16),
                1 << 16)) {
            byte[] header = new byte[BLOCK];
            while (true) {
                int n = in.readNBytes(header, 0, BLOCK);
                if (n == 0 || isZero(header)) {
                    return out;
                }
                if (n < BLOCK) {
                    throw new DataException(archive + ": truncated inside a tar header; download it again");
                }
                checkSum(archive, header);
                String name = text(header, 345, 155).isEmpty() ? text(header, 0, 100)
                        : text(header, 345, 155) + "/" + text(header, 0, 100);
                long size = octal(archive, header, 124, 12);
                char type = (char) header[156];
                String base = name.substring(name.lastIndexOf('/') + 1);
                boolean wanted = (type == '0' || type == 0) && names.contains(base);
                if (wanted && size > Idx.MAX_BYTES) {
                    throw new DataException(archive + ": entry " + name + " claims " + size + " bytes, more than a "
                            + "Java array holds; the archive is damaged");
                }
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                if (wanted) {
                    byte[] data = in.readNBytes((int) size);
                    if (data.length < size) {
                        throw new DataException(archive + ": truncated inside " + name + " (" + data.length + " of "
                                + size + " bytes); download it again");
                    }
                    out.put(base, data);
                    padded -= size;
                }
                in.skipNBytes(padded); // EOFException when the archive ends early
            }
        } catch (java.io.EOFException e) {
            throw new DataException(archive + ": truncated (the archive ends inside an entry); download it again", e);
        } catch (java.util.zip.ZipException e) {
            throw new DataException(archive + ": not a gzip file, or a damaged one (" + e.getMessage() + "); "
                    + "download it again", e);
        } catch (IOException e) {
            throw new DataException(archive + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The unsigned sum of the header's bytes, with the checksum field itself counted as spaces. */
    private static void checkSum(Path archive, byte[] header) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xff;
        }
        long stored = octal(archive, header, 148, 8);
        if (stored != sum) {
            throw new DataException(archive + ": a tar header's checksum is " + stored + " but its bytes sum to "
                    + sum + "; the archive is damaged or not a tar file, download it again");
        }
    }

    private static String text(byte[] header, int from, int length) {
        int end = from;
        while (end < from + length && header[end] != 0) {
            end++;
        }
        return new String(header, from, end - from, StandardCharsets.US_ASCII);
    }

    private static long octal(Path archive, byte[] header, int from, int length) {
        String digits = text(header, from, length).trim();
        if (!digits.matches("[0-7]+")) {
            throw new DataException(archive + ": a tar header has `" + digits + "` where an octal number belongs; "
                    + "the archive is damaged or not a tar file, download it again");
        }
        return Long.parseLong(digits, 8);
    }
}
