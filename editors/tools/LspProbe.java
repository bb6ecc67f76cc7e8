import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Talks to the real nnet language server ({@code nnetc lsp}) over its standard input and output, as an editor
 * would, with raw JSON-RPC and nothing else on the class path. Run from the repository root after
 * {@code mvn -q -DskipTests package}:
 *
 * <pre>
 *   java editors/tools/LspProbe.java transcript     # every message of: open with a shape error, fix it
 *   java editors/tools/LspProbe.java latency [N]    # didChange to publishDiagnostics on a 300-line file
 *   java editors/tools/LspProbe.java check nnetc lsp  # start the server with an editor's command: error, then fixed
 * </pre>
 */
public class LspProbe {
    static final String URI = "file:///work/lenet.nnet";
    static final String LENET = String.join("\n",
            "model LeNet {",
            "  input x: [N, 1, 32, 32]",
            "  conv1 = conv2d(1, 6, kernel=5)",
            "  conv2 = conv2d(6, 16, kernel=5)",
            "  pool  = max_pool2d(2)",
            "  fc1   = linear(16 * 4 * 4, 120)",
            "  fc2   = linear(120, 84)",
            "  fc3   = linear(84, 10)",
            "  forward(x) {",
            "    x = pool(relu(conv1(x)))",
            "    x = pool(relu(conv2(x)))",
            "    x = x.view(N, -1)",
            "    x = relu(fc1(x))",
            "    x = relu(fc2(x))",
            "    return fc3(x)",
            "  }",
            "}",
            "");

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "transcript";
        switch (mode) {
            case "transcript" -> transcript();
            case "latency" -> latency(args.length > 1 ? Integer.parseInt(args[1]) : 500,
                    args.length > 2 ? Long.parseLong(args[2]) : -1);
            case "check" -> check(Arrays.asList(args).subList(1, args.length));
            default -> {
                System.err.println("usage: java editors/tools/LspProbe.java transcript | latency [EDITS [DEBOUNCE_MS]]"
                        + " | check COMMAND...");
                System.exit(2);
            }
        }
    }

    // ---- the transcript ------------------------------------------------------------------------------

    static void transcript() throws Exception {
        try (Server s = Server.start(true)) {
            s.request("initialize", "{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}");
            s.notify("initialized", "{}");
            s.notify("textDocument/didOpen", "{\"textDocument\":{\"uri\":\"" + URI + "\",\"languageId\":\"nnet\","
                    + "\"version\":1,\"text\":" + json(LENET) + "}}");
            s.awaitDiagnostics(1);
            // Line 6 (0-based 5) `  fc1   = linear(16 * 4 * 4, 120)`: replace `16 * 4 * 4` by `400`.
            s.notify("textDocument/didChange", "{\"textDocument\":{\"uri\":\"" + URI + "\",\"version\":2},"
                    + "\"contentChanges\":[{\"range\":{\"start\":{\"line\":5,\"character\":17},"
                    + "\"end\":{\"line\":5,\"character\":27}},\"text\":\"400\"}]}");
            s.awaitDiagnostics(2);
            s.request("shutdown", "null");
            s.notify("exit", null);
            System.out.println("(server exited with status " + s.process.waitFor() + ")");
        }
    }

    // ---- an editor's command ------------------------------------------------------------------------

    /** Starts the server with {@code command}, as an editor configured with it would, and checks it diagnoses. */
    static void check(List<String> command) throws Exception {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("check needs the command an editor runs, e.g. nnetc lsp");
        }
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (Server s = new Server(p, false)) {
            s.request("initialize", "{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}");
            s.notify("initialized", "{}");
            s.notify("textDocument/didOpen", "{\"textDocument\":{\"uri\":\"" + URI + "\",\"languageId\":\"nnet\","
                    + "\"version\":1,\"text\":" + json(LENET) + "}}");
            int before = s.awaitDiagnostics(1);
            s.notify("textDocument/didChange", "{\"textDocument\":{\"uri\":\"" + URI + "\",\"version\":2},"
                    + "\"contentChanges\":[{\"range\":{\"start\":{\"line\":5,\"character\":17},"
                    + "\"end\":{\"line\":5,\"character\":27}},\"text\":\"400\"}]}");
            int after = s.awaitDiagnostics(2);
            s.request("shutdown", "null");
            s.notify("exit", null);
            int status = s.process.waitFor();
            if (before != 1 || after != 0 || status != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": " + before + " error(s) before the fix "
                        + "(expected 1), " + after + " after (expected 0), exit status " + status);
            }
            System.out.println("ok: `" + String.join(" ", command) + "` diagnoses and exits cleanly");
        }
    }

    // ---- the latency benchmark -----------------------------------------------------------------------

    static void latency(int edits, long debounceMs) throws Exception {
        String text = threeHundredLines();
        int line = -1;
        String[] lines = text.split("\n", -1);
        for (int i = lines.length / 2; i < lines.length && line < 0; i++) {
            if (lines[i].contains("fc2 = linear(120, 84)")) {
                line = i;
            }
        }
        int column = lines[line].indexOf("120") + 2; // the `0` of 120: deleting it makes fc2 expect 12 features
        int warmup = Math.max(200, edits / 2);
        long[] times = new long[edits];
        try (Server s = Server.start(false)) {
            String options = debounceMs >= 0 ? ",\"initializationOptions\":{\"debounceMs\":" + debounceMs + "}" : "";
            s.request("initialize", "{\"processId\":null,\"rootUri\":null,\"capabilities\":{}" + options + "}");
            s.notify("initialized", "{}");
            s.notify("textDocument/didOpen", "{\"textDocument\":{\"uri\":\"" + URI + "\",\"languageId\":\"nnet\","
                    + "\"version\":1,\"text\":" + json(text) + "}}");
            int errors = s.awaitDiagnostics(1);
            if (errors != 0) {
                throw new IllegalStateException("the benchmark file should check clean, found " + errors + " errors");
            }
            int version = 1;
            int[] counts = new int[2];
            for (int i = 0; i < warmup + edits; i++) {
                version++;
                boolean delete = version % 2 == 0;
                String change = "{\"range\":{\"start\":{\"line\":" + line + ",\"character\":" + column + "},"
                        + "\"end\":{\"line\":" + line + ",\"character\":" + (column + (delete ? 1 : 0)) + "}},"
                        + "\"text\":\"" + (delete ? "" : "0") + "\"}";
                long start = System.nanoTime();
                s.notify("textDocument/didChange", "{\"textDocument\":{\"uri\":\"" + URI + "\",\"version\":"
                        + version + "},\"contentChanges\":[" + change + "]}");
                int found = s.awaitDiagnostics(version);
                long elapsed = System.nanoTime() - start;
                if (found != (delete ? 1 : 0)) {
                    throw new IllegalStateException("version " + version + ": expected " + (delete ? 1 : 0)
                            + " errors, found " + found);
                }
                counts[delete ? 1 : 0]++;
                if (i >= warmup) {
                    times[i - warmup] = elapsed;
                }
            }
            s.request("shutdown", "null");
            s.notify("exit", null);
            long[] sorted = times.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "file: %d lines; %d warm-up edits, then %d measured one-character edits "
                    + "(each adds or clears an E0201)%n", lines.length - 1, warmup, edits);
            System.out.printf(Locale.ROOT, "debounce: %s%n", debounceMs >= 0 ? debounceMs + " ms" : "server default");
            System.out.printf(Locale.ROOT, "didChange -> publishDiagnostics: median %.1f ms, p95 %.1f ms, "
                    + "p99 %.1f ms, max %.1f ms%n", ms(sorted, 0.50), ms(sorted, 0.95), ms(sorted, 0.99),
                    sorted[sorted.length - 1] / 1e6);
        }
    }

    static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    /** Eleven LeNet-style models with a residual block and a train block each: exactly 300 lines. */
    static String threeHundredLines() {
        StringBuilder sb = new StringBuilder();
        sb.append("// Benchmark input for the language server: 300 lines, checks clean.\n");
        sb.append("const CLASSES = 10\nconst HIDDEN = 84\n\n");
        sb.append("\nblock Residual(channels: int) {\n")
                .append("  conv1 = conv2d(channels, channels, kernel=3, padding=1)\n")
                .append("  conv2 = conv2d(channels, channels, kernel=3, padding=1)\n")
                .append("  forward(x) {\n    y = relu(conv1(x))\n    y = conv2(y)\n    return relu(x + y)\n  }\n}\n");
        for (int i = 0; i < 11; i++) {
            sb.append("\nmodel Net").append(i).append(" {\n")
                    .append("  input x: [N, 1, 28, 28]\n")
                    .append("  conv1 = conv2d(1, 6, kernel=5)\n")
                    .append("  conv2 = conv2d(6, 16, kernel=5)\n")
                    .append("  res   = Residual(16)\n")
                    .append("  pool  = max_pool2d(2)\n")
                    .append("  fc1 = linear(16 * 4 * 4, 120)\n")
                    .append("  fc2 = linear(120, 84)\n")
                    .append("  fc3 = linear(HIDDEN, CLASSES)\n")
                    .append("  forward(x) {\n")
                    .append("    x = pool(relu(conv1(x)))\n")
                    .append("    x = pool(relu(conv2(x)))\n")
                    .append("    x = res(x)\n")
                    .append("    x = x.view(-1, 16 * 4 * 4)\n")
                    .append("    x = relu(fc1(x))\n")
                    .append("    return fc3(relu(fc2(x)))\n")
                    .append("  }\n}\n")
                    .append("train Net").append(i).append(" {\n")
                    .append("  data train = mnist(\"train\", normalize(0.1307, 0.3081))\n")
                    .append("  batch 64 shuffle\n")
                    .append("  loss cross_entropy\n")
                    .append("  optimizer sgd(lr=0.01, momentum=0.5)\n")
                    .append("  epochs 10\n")
                    .append("}\n");
        }
        return sb.toString();
    }

    // ---- JSON-RPC over the server's standard streams -----------------------------------------------

    static final class Server implements AutoCloseable {
        static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");
        final Process process;
        final OutputStream in;
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final boolean echo;
        int nextId = 1;

        private Server(Process process, boolean echo) {
            this.process = process;
            this.in = process.getOutputStream();
            this.echo = echo;
            Thread reader = new Thread(this::read, "lsp-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** {@code java -cp compiler/target/...jar:compiler/target/lib/* dev.nnet.cli.Nnetc lsp}, as the editor runs it. */
        static Server start(boolean echo) throws IOException {
            String cp = "compiler/target/nnet-compiler-0.1.0-SNAPSHOT.jar" + File.pathSeparator + "compiler/target/lib/*";
            if (!new File("compiler/target/nnet-compiler-0.1.0-SNAPSHOT.jar").isFile()) {
                throw new IllegalStateException("run from the repository root after `mvn -q -DskipTests package`");
            }
            String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            Process p = new ProcessBuilder(java, "-cp", cp, "dev.nnet.cli.Nnetc", "lsp")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new Server(p, echo);
        }

        void request(String method, String params) throws Exception {
            int id = nextId++;
            send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
            while (true) {
                String m = take();
                if (m.contains("\"id\":" + id + ",") || m.contains("\"id\":" + id + "}")) {
                    return;
                }
            }
        }

        void notify(String method, String params) throws IOException {
            send("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\"" + (params == null ? "" : ",\"params\":" + params)
                    + "}");
        }

        /** Waits for the diagnostics of one version and returns how many errors they hold. */
        int awaitDiagnostics(int version) throws Exception {
            while (true) {
                String m = take();
                if (!m.contains("\"method\":\"textDocument/publishDiagnostics\"")) {
                    continue;
                }
                Matcher v = VERSION.matcher(m);
                int last = -1;
                while (v.find()) {
                    last = Integer.parseInt(v.group(1));
                }
                if (last == version) {
                    return m.split("\"severity\":1,", -1).length - 1;
                }
            }
        }

        private void send(String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            if (echo) {
                System.out.println("--> " + json);
            }
            in.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            in.write(body);
            in.flush();
        }

        private String take() throws InterruptedException {
            String m = received.poll(30, TimeUnit.SECONDS);
            if (m == null) {
                throw new IllegalStateException("no message from the server for 30 s");
            }
            return m;
        }

        private void read() {
            try (InputStream out = process.getInputStream()) {
                while (true) {
                    int length = -1;
                    String header;
                    while (!(header = line(out)).isEmpty()) {
                        if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(header.substring(15).trim());
                        }
                    }
                    byte[] body = out.readNBytes(length);
                    if (body.length < length) {
                        return;
                    }
                    String json = new String(body, StandardCharsets.UTF_8);
                    if (echo) {
                        System.out.println("<-- " + json);
                    }
                    received.add(json);
                }
            } catch (IOException | RuntimeException e) {
                // the server closed its output: nothing more to read
            }
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("end of stream");
                }
                if (c != '\r') {
                    b.write(c);
                }
            }
            return b.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
