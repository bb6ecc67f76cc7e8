package dev.nnet.corpus;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.Diagnostic;
import dev.nnet.diag.Label;
import dev.nnet.diag.SourceFile;
import dev.nnet.diag.Span;
import dev.nnet.syntax.Parser;
import dev.nnet.syntax.Token;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Feeds the front end thousands of small corruptions of valid programs (the samples, plus programs embedded here
 * when there are few samples): a token deleted, duplicated, swapped with its neighbour or replaced by another token
 * of the file, an integer literal replaced by 0, 1, -1 or a huge number. Mutants are spliced at token spans, so
 * whitespace and comments survive. The compiler must never throw, and every diagnostic must have a message and
 * spans inside the text whose lines and columns agree with their offsets.
 */
class MutantRobustnessTest {
    /** Fixed, so a failure names a mutant that can be regenerated. */
    static final long SEED = 0x6E6E6574L;
    /** At least this many mutants over all files. */
    static final int MIN_TOTAL = 12000;
    static final int MIN_PER_FILE = 150;
    static final String[] INT_REPLACEMENTS = {"0", "1", "-1", "1000000", "2147483648", "99999999999999999999"};

    /** The seed's CNN, with a train block. */
    static final String CNN = """
            // The seed's first CNN
            model MnistCnn {
              input x: [N, 1, 28, 28]

              conv1 = conv2d(1, 10, kernel=5)
              conv2 = conv2d(10, 20, kernel=5)
              pool  = max_pool2d(2)
              fc    = linear(320, 10)

              forward(x) {
                x = relu(pool(conv1(x)))
                x = relu(pool(conv2(x)))
                return fc(flatten(x))
              }
            }

            train MnistCnn {
              data train = mnist("train", normalize(0.1307, 0.3081))
              data test  = mnist("test",  normalize(0.1307, 0.3081))
              batch 64 shuffle
              loss cross_entropy
              optimizer sgd(lr=0.01, momentum=0.5)
              epochs 10
              log every 300 batches
              evaluate test every epoch: accuracy
              checkpoint "mnist-cnn.safetensors"
            }
            """;

    /** Blocks, constants, a sequential body, view, concat and arithmetic. */
    static final String BLOCKS = """
            const width = 16
            const classes = 10

            block Residual(c: int) {
              conv1 = conv2d(c, c, kernel=3, padding=1)
              conv2 = conv2d(c, c, kernel=3, padding=1)
              forward(x) {
                y = relu(conv1(x))
                return relu(conv2(y) + x)
              }
            }

            block Head(c: int, k: int = 10) {
              sequential {
                drop = dropout(0.5)
                fc = linear(c, k)
              }
            }

            model Net {
              input x: [N, 1, 28, 28]
              stem = conv2d(1, width, kernel=5)
              res = Residual(width)
              pool = max_pool2d(kernel=2, stride=2)
              side = conv2d(1, 4, kernel=5)
              head = Head(c=(width + 4) * 12 * 12, k=classes)
              forward(x) {
                a = pool(res(relu(stem(x))))
                b = pool(side(x))
                y = concat([a, b], dim=1)
                return head(y.view(-1, (width + 4) * 144))
              }
            }

            train Net {
              data train = mnist("train", pad(0), scale(1.0))
              batch full drop_last
              loss 0.5 * cross_entropy(reduction=sum)
              optimizer adam(lr=0.001, betas=(0.9, 0.999))
              epochs 2
              seed 7
              init stem.weight = normal(std=0.01)
            }
            """;

    /** Recurrent layers, tuples, indexing, embeddings, scan and literal tensors. */
    static final String RECURRENT = """
            model Tagger {
              input tokens: int[T, N]
              input h0: [2, N, 32]
              embed = embedding(100, 16, padding_idx=0)
              gru1 = gru(16, 32, num_layers=2)
              lstm1 = lstm(32, 8)
              fc = linear(8, 5)
              forward(tokens, h0) {
                out, h = gru1(embed(tokens), h0)
                seq, (hn, cn) = lstm1(out)
                return fc(log_softmax(hn[-1], dim=1) + relu(cn[0]) + tanh(seq[0]) * sigmoid(h[1][0][0]))
              }
            }

            model Unrolled {
              input xs: [T, N, 4]
              input h0: [N, 6]
              cell = rnn_cell(4, 6)
              fc = linear(6, 1)
              forward(xs, h0) {
                hs = scan(cell, xs, h0)
                return fc(hs[-1])
              }
            }

            model Line {
              input x: [N, 2]
              fc = linear(2, 1)
              forward(x) { return fc(x) }
            }

            train Line {
              data train = tensors(x=[[1.0, 2.0], [3.0, 4.0]], target=[[1.0], [2.0]])
              batch 2
              loss mse(reduction=mean)
              optimizer rmsprop(lr=0.01, alpha=0.9)
              epochs 3
              init fc.weight = [[0.5, -0.5]]
              checkpoint "line.safetensors" every 1 epoch
            }
            """;

    record Source(String name, String text) {
    }

    static Path repoRoot() {
        String root = System.getProperty("nnet.repoRoot");
        if (root != null && !root.isBlank()) {
            return Path.of(root);
        }
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("samples")) ? here : here.getParent();
    }

    static List<Source> sources() {
        List<Source> out = new ArrayList<>();
        Path samples = repoRoot() == null ? null : repoRoot().resolve("samples");
        if (samples != null && Files.isDirectory(samples)) {
            try (Stream<Path> files = Files.walk(samples)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".nnet")).sorted().toList()) {
                    out.add(new Source(samples.relativize(p).toString().replace('\\', '/'),
                            Files.readString(p, StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (out.size() < 5) {
            out.add(new Source("embedded/cnn.nnet", CNN));
            out.add(new Source("embedded/blocks.nnet", BLOCKS));
            out.add(new Source("embedded/recurrent.nnet", RECURRENT));
        }
        return out;
    }

    /** One corrupted program and how it was made. */
    record Mutant(int index, String description, String text) {
    }

    static int perFile(int files) {
        return Math.max(MIN_PER_FILE, (MIN_TOTAL + files - 1) / files);
    }

    /** The mutants of one source, reproducible from {@link #SEED} and the source's index. */
    static List<Mutant> mutants(String text, int sourceIndex, int count) {
        List<Token> tokens = Parser.tokens(new SourceFile("mutant.nnet", text));
        List<Mutant> out = new ArrayList<>();
        if (tokens.isEmpty()) {
            return out;
        }
        List<Integer> ints = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if ("INT".equals(tokens.get(i).kind())) {
                ints.add(i);
            }
        }
        Random random = new Random(SEED * 31 + sourceIndex);
        for (int n = 0; n < count; n++) {
            int kind = random.nextInt(ints.isEmpty() ? 4 : 5);
            int i = random.nextInt(tokens.size());
            Token t = tokens.get(i);
            String mutated;
            String what;
            switch (kind) {
                case 0:
                    mutated = splice(text, t.span(), "");
                    what = "delete " + describe(t);
                    break;
                case 1:
                    mutated = splice(text, t.span(), t.text() + " " + t.text());
                    what = "duplicate " + describe(t);
                    break;
                case 2: {
                    if (i + 1 >= tokens.size()) {
                        i = Math.max(0, tokens.size() - 2);
                        t = tokens.get(i);
                    }
                    if (tokens.size() < 2) {
                        mutated = splice(text, t.span(), "");
                        what = "delete " + describe(t);
                        break;
                    }
                    Token u = tokens.get(i + 1);
                    mutated = text.substring(0, t.span().start()) + u.text()
                            + text.substring(t.span().end(), u.span().start()) + t.text()
                            + text.substring(u.span().end());
                    what = "swap " + describe(t) + " and " + describe(u);
                    break;
                }
                case 3: {
                    Token other = tokens.get(random.nextInt(tokens.size()));
                    mutated = splice(text, t.span(), other.text());
                    what = "replace " + describe(t) + " by `" + other.text() + "`";
                    break;
                }
                default: {
                    t = tokens.get(ints.get(random.nextInt(ints.size())));
                    String value = INT_REPLACEMENTS[random.nextInt(INT_REPLACEMENTS.length)];
                    mutated = splice(text, t.span(), value);
                    what = "replace integer " + describe(t) + " by " + value;
                }
            }
            out.add(new Mutant(n, what, mutated));
        }
        return out;
    }

    static String splice(String text, Span at, String replacement) {
        return text.substring(0, at.start()) + replacement + text.substring(at.end());
    }

    static String describe(Token t) {
        return "`" + t.text() + "` (" + t.kind() + ") at " + t.span().line() + ":" + t.span().column();
    }

    /** Null when the mutant compiles without incident, else what went wrong. */
    static String problem(Mutant m) {
        Compilation c;
        SourceFile source = new SourceFile("mutant.nnet", m.text());
        try {
            c = Driver.compile(source);
        } catch (Throwable e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            String[] lines = trace.toString().split("\n");
            StringBuilder top = new StringBuilder();
            for (int k = 0; k < Math.min(lines.length, 8); k++) {
                top.append("\n      ").append(lines[k].strip());
            }
            return "threw " + e + top;
        }
        int length = m.text().length();
        for (Diagnostic d : c.diagnostics()) {
            if (d.message() == null || d.message().isBlank()) {
                return d.code() + " has an empty message";
            }
            String bad = badSpan(source, d.span(), length);
            if (bad != null) {
                return d.code() + " `" + d.message() + "`: " + bad;
            }
            for (Label l : d.labels()) {
                String badLabel = badSpan(source, l.span(), length);
                if (badLabel != null) {
                    return d.code() + " label `" + l.message() + "`: " + badLabel;
                }
            }
        }
        return null;
    }

    static String badSpan(SourceFile source, Span s, int length) {
        if (!(0 <= s.start() && s.start() <= s.end() && s.end() <= length)) {
            return "span [" + s.start() + ", " + s.end() + ") outside the text of " + length + " characters";
        }
        Span expected = source.span(s.start(), s.end());
        if (!expected.equals(s)) {
            return "span " + s + " disagrees with its offsets, expected " + expected;
        }
        return null;
    }

    @TestFactory
    Stream<DynamicTest> mutantsNeverBreakTheFrontEnd() {
        List<Source> sources = sources();
        int count = perFile(sources.size());
        List<DynamicTest> tests = new ArrayList<>();
        for (int s = 0; s < sources.size(); s++) {
            Source src = sources.get(s);
            int index = s;
            tests.add(DynamicTest.dynamicTest(src.name(), () -> checkSource(src, index, count)));
        }
        return tests.stream();
    }

    static void checkSource(Source src, int sourceIndex, int count) {
        List<Mutant> mutants = mutants(src.text(), sourceIndex, count);
        assertTrue(mutants.size() == count, src.name() + ": generated " + mutants.size() + " mutants");
        Map<String, Mutant> failures = new LinkedHashMap<>();
        int failed = 0;
        for (Mutant m : mutants) {
            String problem = problem(m);
            if (problem != null) {
                failed++;
                // One example per distinct problem, keyed by its first line.
                failures.putIfAbsent(problem.split("\n")[0].replaceAll("\\d+", "#"), m);
            }
        }
        if (failed > 0) {
            StringBuilder sb = new StringBuilder(src.name() + ": " + failed + " of " + mutants.size()
                    + " mutants broke the front end (seed " + SEED + ", source index " + sourceIndex + ")\n");
            failures.values().stream().limit(5).forEach(m -> sb.append("  mutant #").append(m.index()).append(": ")
                    .append(m.description()).append("\n    ").append(problem(m)).append("\n    text:\n")
                    .append(m.text().indent(6)));
            fail(sb.toString());
        }
    }

    @Test
    void enoughMutantsAreGenerated() {
        List<Source> sources = sources();
        long total = (long) perFile(sources.size()) * sources.size();
        assertTrue(total >= 5000, "only " + total + " mutants");
        // The generator is deterministic: the same seed gives the same mutants.
        Source first = sources.get(0);
        assertTrue(mutants(first.text(), 0, 20).equals(mutants(first.text(), 0, 20)));
    }
}
