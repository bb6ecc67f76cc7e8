package dev.nnet.runtime.data.fetch;

import dev.nnet.runtime.data.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Downloads files into a folder so that a file there is always whole and verified:
 * <ul>
 *   <li>bytes go to {@code NAME.part}, which is renamed to {@code NAME} (atomically, where the file system can)
 *       only once its size and SHA-256 match the published ones;</li>
 *   <li>an interrupted download resumes from its {@code .part} file with an HTTP range request (a server that
 *       ignores ranges sends the whole file again);</li>
 *   <li>a file already there with the right checksum is not downloaded again.</li>
 * </ul>
 * Failures are {@link DataException}s whose message says what to do, offline included.
 */
public final class Downloader {
    private static final int BUFFER = 1 << 16;

    private final HttpClient http;
    private final DownloadProgress progress;

    public Downloader(PrintStream out, boolean live) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build(), new DownloadProgress(out, live));
    }

    Downloader(HttpClient http, DownloadProgress progress) {
        this.http = http;
        this.progress = progress;
    }

    /** What happened to one file. */
    public enum Outcome { DOWNLOADED, RESUMED, ALREADY_THERE }

    /**
     * Tries each source of one file in turn (the same name, size and checksum on several servers) until one gives
     * the verified file; says on the way which failed. If all fail, throws the last failure.
     */
    public Outcome fetchFirst(List<RemoteFile> sources, Path folder) {
        DataException last = null;
        for (RemoteFile source : sources) {
            if (last != null) {
                progress.note("(" + last.getMessage() + ")\ntrying " + source.url().getHost() + " instead");
            }
            try {
                return fetch(source, folder);
            } catch (DataException e) {
                last = e;
            }
        }
        if (last == null) {
            throw new IllegalArgumentException("no source to fetch from");
        }
        throw last;
    }

    /** Makes {@code folder/NAME} the verified published file, downloading what is missing. */
    public Outcome fetch(RemoteFile file, Path folder) {
        Path target = folder.resolve(file.name());
        Path part = folder.resolve(file.name() + ".part");
        try {
            Files.createDirectories(folder);
            if (Files.isRegularFile(target) && Files.size(target) == file.size()
                    && sha256(target).equals(file.sha256())) {
                progress.done(file, "already there");
                return Outcome.ALREADY_THERE;
            }
            long have = Files.isRegularFile(part) ? Files.size(part) : 0;
            if (have > file.size()) { // not a prefix of this file: start again
                Files.delete(part);
                have = 0;
            }
            boolean resumed = download(file, part, have);
            verify(file, part);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            progress.done(file, resumed ? "resumed and verified" : "downloaded and verified");
            return resumed ? Outcome.RESUMED : Outcome.DOWNLOADED;
        } catch (IOException e) {
            progress.clear();
            throw new DataException("cannot write " + part + ": " + e.getMessage(), e);
        } catch (DataException e) {
            progress.clear(); // the error goes to another stream: leave no half-drawn bar before it
            throw e;
        }
    }

    /**
     * Fills {@code part} with the file: appends the bytes from {@code from} on when the server honours the range
     * (returns true), else replaces it with the whole file (returns false; also when {@code from} is 0).
     */
    private boolean download(RemoteFile file, Path part, long from) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(file.url()).timeout(Duration.ofSeconds(60)).GET();
        if (from > 0) {
            request.header("Range", "bytes=" + from + "-");
        }
        HttpResponse<InputStream> response = send(file.url(), request.build());
        int status = response.statusCode();
        boolean partial = status == 206;
        if (from > 0 && status == 416) { // nothing after `from`: the part file may already be whole
            response.body().close();
            return true;
        }
        if (status != 200 && !partial) {
            response.body().close();
            throw new DataException(file.url() + " answered HTTP " + status + "; the file has moved or the server "
                    + "is down. Download it by hand into " + part.getParent() + ", or pass --mirror URL");
        }
        long start = partial ? from : 0;
        try (InputStream in = response.body();
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     partial ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[BUFFER];
            long written = start;
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                written += n;
                progress.update(file, written);
            }
        } catch (IOException e) {
            throw new DataException("the download of " + file.url() + " broke off (" + e.getMessage() + "); run "
                    + "the same command again to resume it from " + part, e);
        }
        return partial;
    }

    private HttpResponse<InputStream> send(URI url, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | UnknownHostException | HttpConnectTimeoutException e) {
            throw offline(url, e);
        } catch (HttpTimeoutException e) {
            throw new DataException(url.getHost() + " did not answer within a minute; try again later, or pass "
                    + "--mirror URL", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnknownHostException || e.getCause() instanceof ConnectException) {
                throw offline(url, e);
            }
            throw new DataException("cannot download " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException("the download of " + url + " was interrupted", e);
        }
    }

    private static DataException offline(URI url, Exception e) {
        return new DataException("cannot reach " + url.getHost() + " (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); is this machine offline? Download "
                + url + " on a machine that is online and copy it into the folder given with --dir, or pass "
                + "--mirror URL", e);
    }

    private static void verify(RemoteFile file, Path part) throws IOException {
        long size = Files.size(part);
        String actual = sha256(part);
        if (size != file.size() || !actual.equals(file.sha256())) {
            Files.delete(part); // a resume would only build on the bad bytes
            throw new DataException(file.url() + " sent " + size + " bytes with SHA-256 " + actual + ", but the "
                    + "published file has " + file.size() + " bytes and SHA-256 " + file.sha256() + "; the "
                    + "download was corrupted or the server sends another file. Nothing was kept; run the command "
                    + "again, or use another --mirror");
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
