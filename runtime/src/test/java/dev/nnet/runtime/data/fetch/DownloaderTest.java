package dev.nnet.runtime.data.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.data.DataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a server on 127.0.0.1: verified, atomic, resumable, with clear errors. */
class DownloaderTest {
    @TempDir
    Path dir;
    private LocalServer server;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private Downloader downloader;
    private final byte[] data = new byte[200_000];

    @BeforeEach
    void start() throws IOException {
        server = new LocalServer();
        new Random(7).nextBytes(data);
        server.files.put("data.bin", data);
        downloader = new Downloader(new PrintStream(log, true, StandardCharsets.UTF_8), false);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RemoteFile published(byte[] bytes) {
        return new RemoteFile("data.bin", URI.create("https://example.invalid/data.bin"), bytes.length, sha256(bytes))
                .on(server.base());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void downloadsVerifiesAndRenamesThenLeavesAGoodFileAlone() throws IOException {
        assertEquals(Downloader.Outcome.DOWNLOADED, downloader.fetch(published(data), dir));
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("data.bin")));
        assertFalse(Files.exists(dir.resolve("data.bin.part")));
        assertEquals(Downloader.Outcome.ALREADY_THERE, downloader.fetch(published(data), dir));
        assertEquals(List.of("data.bin"), server.requests, "the second fetch asked for nothing");
        assertEquals("data.bin  200.0 kB  downloaded and verified\ndata.bin  200.0 kB  already there\n",
                log.toString(StandardCharsets.UTF_8));
    }

    @Test
    void resumesAPartialDownloadWithARangeRequest() throws IOException {
        Files.write(dir.resolve("data.bin.part"), java.util.Arrays.copyOf(data, 70_000));
        assertEquals(Downloader.Outcome.RESUMED, downloader.fetch(published(data), dir));
        assertEquals(List.of("data.bin bytes=70000-"), server.requests);
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("data.bin")));
    }

    @Test
    void aServerIgnoringRangesSendsTheWholeFileAgain() throws IOException {
        server.ranges = false;
        Files.write(dir.resolve("data.bin.part"), java.util.Arrays.copyOf(data, 70_000));
        assertEquals(Downloader.Outcome.DOWNLOADED, downloader.fetch(published(data), dir));
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("data.bin")));
    }

    @Test
    void aWrongChecksumKeepsNothingAndSaysSo() {
        byte[] other = data.clone();
        other[5] ^= 1;
        server.files.put("data.bin", other);
        DataException e = assertThrows(DataException.class, () -> downloader.fetch(published(data), dir));
        assertTrue(e.getMessage().contains("sent 200000 bytes with SHA-256 " + sha256(other) + ", but the published "
                + "file has 200000 bytes and SHA-256 " + sha256(data)), e.getMessage());
        assertFalse(Files.exists(dir.resolve("data.bin")));
        assertFalse(Files.exists(dir.resolve("data.bin.part")));
    }

    @Test
    void onATerminalTheBarIsDrawnAndErasedBeforeAnError() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        Downloader live = new Downloader(new PrintStream(terminal, true, StandardCharsets.UTF_8), true);
        server.files.put("data.bin", new byte[data.length]);
        assertThrows(DataException.class, () -> live.fetch(published(data), dir));
        String shown = terminal.toString(StandardCharsets.UTF_8);
        assertTrue(shown.startsWith("\rdata.bin  ["), shown);
        assertTrue(shown.endsWith("\r"), "the bar is erased: " + shown);
        assertFalse(shown.contains("\n"), shown);
    }

    @Test
    void whenTheFirstServerFailsTheNextIsTriedAndSaidSo() throws IOException {
        try (LocalServer second = new LocalServer()) {
            second.files.put("data.bin", data);
            server.files.clear(); // the first answers 404
            RemoteFile first = published(data);
            assertEquals(Downloader.Outcome.DOWNLOADED,
                    downloader.fetchFirst(List.of(first, first.on(second.base())), dir));
            assertArrayEquals(data, Files.readAllBytes(dir.resolve("data.bin")));
            String said = log.toString(StandardCharsets.UTF_8);
            assertTrue(said.startsWith("(" + server.base() + "data.bin answered HTTP 404"), said);
            assertTrue(said.contains("\ntrying 127.0.0.1 instead\ndata.bin  200.0 kB  downloaded and verified\n"),
                    said);
        }
    }

    @Test
    void whenEveryServerFailsTheLastFailureIsThrown() {
        server.files.clear();
        RemoteFile first = published(data);
        DataException e = assertThrows(DataException.class,
                () -> downloader.fetchFirst(List.of(first, first.on(URI.create(server.base() + "other/"))), dir));
        assertTrue(e.getMessage().startsWith(server.base() + "other/data.bin answered HTTP 404"), e.getMessage());
    }

    @Test
    void aMissingFileNamesTheUrlAndStatus() {
        server.files.clear();
        DataException e = assertThrows(DataException.class, () -> downloader.fetch(published(data), dir));
        assertTrue(e.getMessage().startsWith(server.base() + "data.bin answered HTTP 404"), e.getMessage());
    }

    @Test
    void anUnreachableServerAsksWhetherTheMachineIsOffline() {
        RemoteFile file = published(data);
        server.close();
        DataException e = assertThrows(DataException.class, () -> downloader.fetch(file, dir));
        assertTrue(e.getMessage().startsWith("cannot reach 127.0.0.1 ("), e.getMessage());
        assertTrue(e.getMessage().contains("is this machine offline?"), e.getMessage());
    }

    @Test
    void theCacheFollowsXdgUnlessTold() {
        Map<String, String> linux = Map.of("user.home", "/home/u", "os.name", "Linux");
        assertEquals(Path.of("/x/nnet"), DataCache.root(linux::get, Map.of("XDG_CACHE_HOME", "/x")::get));
        assertEquals(Path.of("/home/u/.cache/nnet"),
                DataCache.root(linux::get, Map.of("XDG_CACHE_HOME", "relative")::get));
        assertEquals(Path.of("/home/u/Library/Caches/nnet"),
                DataCache.root(Map.of("user.home", "/home/u", "os.name", "Mac OS X")::get,
                        Map.<String, String>of()::get));
        assertEquals(Path.of("/c"), DataCache.root(Map.of("nnet.cacheDir", "/c", "os.name", "Linux")::get,
                Map.of("XDG_CACHE_HOME", "/x")::get));
        assertEquals(Path.of("/e"), DataCache.root(linux::get, Map.of("NNET_CACHE_DIR", "/e")::get));
    }

    @Test
    void mnistFallsBackToItsAuthorsPage() {
        KnownDatasets.Dataset mnist = KnownDatasets.get("mnist");
        assertEquals(List.of(URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz"),
                        URI.create("http://yann.lecun.com/exdb/mnist/train-images-idx3-ubyte.gz")),
                mnist.sources(mnist.files().get(0)).stream().map(RemoteFile::url).toList());
    }

    @Test
    void everyKnownDataSetHasChecksummedHttpsOrHttpFiles() {
        assertEquals(List.of("cifar10", "fashion-mnist", "mnist"), KnownDatasets.names());
        for (String name : KnownDatasets.names()) {
            for (RemoteFile f : KnownDatasets.get(name).files()) {
                assertTrue(f.url().getScheme().startsWith("http") && f.size() > 0, f.toString());
            }
        }
    }
}
