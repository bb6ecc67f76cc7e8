package dev.nnet.runtime.data.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP server on 127.0.0.1 serving files from memory, honouring {@code Range: bytes=N-} unless told not to, and
 * recording each request's path and range: the tests' stand-in for a data set's server, never the internet.
 */
final class LocalServer implements AutoCloseable {
    final Map<String, byte[]> files = new HashMap<>();
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    volatile boolean ranges = true;
    private final HttpServer server;

    LocalServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void serve(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestURI().getPath().substring(1);
        String range = exchange.getRequestHeaders().getFirst("Range");
        requests.add(name + (range == null ? "" : " " + range));
        byte[] body = files.get(name);
        if (body == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        int from = 0;
        if (ranges && range != null && range.matches("bytes=\\d+-")) {
            from = Integer.parseInt(range.substring(6, range.length() - 1));
            if (from >= body.length) {
                exchange.sendResponseHeaders(416, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/"
                    + body.length);
            exchange.sendResponseHeaders(206, body.length - from);
        } else {
            exchange.sendResponseHeaders(200, body.length);
        }
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body, from, body.length - from);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
