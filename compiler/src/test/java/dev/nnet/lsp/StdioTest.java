package dev.nnet.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nnet.cli.Nnetc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code nnetc lsp} as an editor starts it: a separate JVM whose standard output must hold nothing but
 * well-formed LSP frames, and which exits 0 after {@code shutdown} and {@code exit}.
 */
class StdioTest {
    static void send(OutputStream in, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        in.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        in.write(body);
        in.flush();
    }

    /** Splits standard output into frames, failing on any byte that is not part of one. */
    static List<JsonObject> frames(byte[] out) {
        List<JsonObject> frames = new ArrayList<>();
        int i = 0;
        while (i < out.length) {
            int headerEnd = indexOf(out, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), i);
            assertTrue(headerEnd > 0, "bytes outside a frame: " + new String(out, i, out.length - i,
                    StandardCharsets.UTF_8));
            String header = new String(out, i, headerEnd - i, StandardCharsets.US_ASCII);
            assertTrue(header.startsWith("Content-Length: "), "not an LSP header: " + header);
            int length = Integer.parseInt(header.substring("Content-Length: ".length()).trim());
            int start = headerEnd + 4;
            frames.add(JsonParser.parseString(new String(out, start, length, StandardCharsets.UTF_8))
                    .getAsJsonObject());
            i = start + length;
        }
        return frames;
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void standardOutputCarriesOnlyProtocolAndTheServerExitsCleanly() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Nnetc.class.getName(),
                "lsp").start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                p.getInputStream().transferTo(out);
            } catch (IOException e) {
                // the process ended; whatever was read is checked below
            }
        });
        reader.start();
        OutputStream in = p.getOutputStream();
        send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"capabilities\":{},"
                + "\"initializationOptions\":{\"debounceMs\":0}}}");
        send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
        send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{"
                + "\"uri\":\"file:///a.nnet\",\"languageId\":\"nnet\",\"version\":1,\"text\":\"model M {\"}}}");
        // shutdown is answered after the didOpen before it is processed; its check may still be running, which
        // is fine: the test is about what reaches standard output and how the process ends.
        send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\"}");
        send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the server did not exit");
        reader.join(10_000);
        assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));

        List<JsonObject> frames = frames(out.toByteArray());
        assertTrue(frames.stream().anyMatch(f -> f.has("id") && f.get("id").getAsInt() == 1 && f.has("result")),
                frames.toString());
        assertTrue(frames.stream().anyMatch(f -> f.has("id") && f.get("id").getAsInt() == 2), frames.toString());
        frames.forEach(f -> assertEquals("2.0", f.get("jsonrpc").getAsString()));
    }

    @Test
    void theSubcommandIsRegisteredWithHelp() {
        StringWriter out = new StringWriter();
        CommandLine cl = Nnetc.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertEquals(0, cl.execute("lsp", "--help"));
        assertTrue(out.toString().contains("Run the language server on standard input and output"), out.toString());
    }
}
