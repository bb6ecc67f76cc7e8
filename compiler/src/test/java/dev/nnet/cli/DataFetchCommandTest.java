package dev.nnet.cli;

import static dev.nnet.cli.NnetCommandTest.nnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nnet data fetch} against a server on 127.0.0.1 (never the internet), and the data sources finding what it
 * fetched. The server here cannot serve the published bytes, so the command's success path is DownloaderTest's; here
 * are its refusals, and the missing-data error that names it.
 */
class DataFetchCommandTest {
    @TempDir
    Path dir;

    @Test
    void aMirrorServingOtherBytesIsRefusedAndNothingIsKept() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "not mnist".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String mirror = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            NnetCommandTest.Run run = nnet("data", "fetch", "mnist", "--dir", dir.toString(), "--mirror", mirror);
            assertEquals(1, run.status(), run.err());
            assertTrue(run.out().startsWith("MNIST handwritten digits (LeCun, Cortes, Burges), 11 MB -> " + dir),
                    run.out());
            assertTrue(run.err().startsWith("nnet: error: " + mirror + "train-images-idx3-ubyte.gz sent 9 bytes with "
                    + "SHA-256 "), run.err());
            assertTrue(run.err().contains("but the published file has 9912422 bytes and SHA-256 "
                    + "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"), run.err());
            try (var files = Files.list(dir)) {
                assertEquals(0, files.count(), "no file, whole or partial, is left");
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anUnreachableServerIsAnErrorNotAStackTrace() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        NnetCommandTest.Run run = nnet("data", "fetch", "fashion-mnist", "--dir", dir.toString(), "--mirror",
                "http://127.0.0.1:" + port + "/");
        assertEquals(1, run.status(), run.err());
        assertTrue(run.err().startsWith("nnet: error: cannot reach 127.0.0.1 ("), run.err());
        assertTrue(run.err().contains("is this machine offline?"), run.err());
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        NnetCommandTest.Run run = nnet("data", "fetch", "imagenet");
        assertEquals(2, run.status());
        assertEquals("nnet: no data set called `imagenet`; nnet can fetch cifar10, fashion-mnist, mnist\n", run.err());
    }

    /** A train block on Fashion-MNIST fails naming the fetch command, then finds the files in the cache. */
    @Test
    void missingDataNamesTheFetchCommandAndTheCacheIsSearched() throws IOException {
        Path source = dir.resolve("fashion.nnet");
        Files.writeString(source, """
                model M {
                  input x: [N, 1, 28, 28]
                  sequential {
                    flatten
                    fc = linear(784, 10)
                  }
                }
                train M {
                  data train = fashion_mnist("train")
                  batch 4
                  loss cross_entropy
                  optimizer sgd(lr=0.1)
                  epochs 1
                }
                """);
        String before = System.getProperty("nnet.cacheDir");
        Path cache = dir.resolve("cache");
        System.setProperty("nnet.cacheDir", cache.toString());
        try {
            NnetCommandTest.Run missing = nnet("train", source.toString());
            assertEquals(1, missing.status(), missing.err());
            assertTrue(missing.err().contains("run `nnet data fetch fashion-mnist` to download it into "
                    + cache.resolve("data/fashion-mnist")), missing.err());

            Path folder = Files.createDirectories(cache.resolve("data/fashion-mnist"));
            writeIdx(folder.resolve("train-images-idx3-ubyte.gz"), 2051, 8, 28, 28);
            writeIdx(folder.resolve("train-labels-idx1-ubyte.gz"), 2049, 8);
            NnetCommandTest.Run found = nnet("train", source.toString());
            assertEquals(0, found.status(), found.err());
            assertTrue(found.out().contains("Epoch 1/1"), found.out());
        } finally {
            if (before == null) {
                System.clearProperty("nnet.cacheDir");
            } else {
                System.setProperty("nnet.cacheDir", before);
            }
        }
    }

    /** A gzip IDX file of zeros: the magic number, then the dimensions, then the bytes. */
    private static void writeIdx(Path file, int magic, int... dims) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(magic);
            int count = 1;
            for (int d : dims) {
                out.writeInt(d);
                count *= d;
            }
            out.write(new byte[count]);
        }
    }
}
