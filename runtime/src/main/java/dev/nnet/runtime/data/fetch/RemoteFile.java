package dev.nnet.runtime.data.fetch;

import java.net.URI;

/** One file of a downloadable data set: where it is published, and its size and SHA-256 there. */
public record RemoteFile(String name, URI url, long size, String sha256) {
    public RemoteFile {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(name + ": a SHA-256 is 64 lower-case hex digits, found " + sha256);
        }
    }

    /** The same file fetched from another server that keeps the published file names: {@code MIRROR/NAME}. */
    public RemoteFile on(URI mirror) {
        String base = mirror.toString().endsWith("/") ? mirror.toString() : mirror + "/";
        return new RemoteFile(name, URI.create(base + name), size, sha256);
    }
}
