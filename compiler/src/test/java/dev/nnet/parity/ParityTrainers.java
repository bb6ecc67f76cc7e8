package dev.nnet.parity;

import com.palantir.javapoet.JavaFile;
import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.codegen.java.JavaBackend;
import dev.nnet.lower.Pipeline;
import dev.nnet.diag.ShortRenderer;
import dev.nnet.diag.SourceFile;
import dev.nnet.ir.op.Dropout;
import dev.nnet.lower.LoweredProgram;
import dev.nnet.passes.PassObserver;
import dev.nnet.run.JavacRunner;
import dev.nnet.runtime.CompiledTrainer;
import java.lang.reflect.Constructor;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The trainers of one seed sample compiled for a parity run: the sample's train block appears once per optimizer
 * of the fixture, each copy with {@code batch B} (no shuffle) and that optimizer in place of the sample's.
 * Everything else (data statement, loss, {@code init} statements) is the sample's own.
 */
final class ParityTrainers {
    private static final Pattern TRAIN_BLOCK = Pattern.compile("(?ms)^train\\s+\\w+\\s*\\{.*?^\\}[ \\t]*\\n?");
    private static final Pattern OPTIMIZER = Pattern.compile("(?m)^([ \\t]*)optimizer\\s.*$");
    private static final Pattern BATCH = Pattern.compile("(?m)^([ \\t]*)batch\\s.*$");

    private final Map<String, Constructor<?>> trainers;

    private ParityTrainers(Map<String, Constructor<?>> trainers) {
        this.trainers = trainers;
    }

    /**
     * What to compile for one network.
     *
     * @param source     the sample's text
     * @param optimizers optimizer name to its nnet statement, e.g. {@code sgd -> sgd(lr=0.01, momentum=0.9)}
     */
    record Request(String stem, Path sample, String source, int batch, Map<String, String> optimizers) {
    }

    /** One network's Java sources, in a package of its own, and the names of its trainers per optimizer. */
    record Generated(Request request, String packageName, List<JavaFile> files, Map<String, String> trainerClasses) {
        ParityTrainers load(ClassLoader loader) {
            Map<String, Constructor<?>> byOptimizer = new LinkedHashMap<>();
            trainerClasses.forEach((optimizer, name) -> {
                try {
                    byOptimizer.put(optimizer, loader.loadClass(packageName + "." + name).getConstructor(int.class));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            });
            return new ParityTrainers(byOptimizer);
        }
    }

    /**
     * Checks the rewritten sample and generates its Java in package {@code packageName}.
     *
     * @throws AssertionError if the rewritten sample has diagnostics or dropout
     */
    static Generated generate(Request request, String packageName) {
        String text = rewrite(request.sample(), request.source(), request.batch(), request.optimizers().values());
        Compilation c = Driver.compile(new SourceFile(request.sample().toString(), text));
        if (c.hasErrors()) {
            throw new AssertionError(request.sample() + " rewritten for the parity run does not compile:\n"
                    + ShortRenderer.renderAll(c.diagnostics(), request.sample().toString())
                    + "--- rewritten source ---\n" + text);
        }
        for (LoweredProgram.Train t : Pipeline.lower(c, false, PassObserver.NONE).trains()) {
            // PyTorch's dropout masks cannot be reproduced, so the fixtures have no dropout to compare with.
            if (!t.trainStep().graph().nodesOf(Dropout.class).isEmpty()) {
                throw new AssertionError(request.sample() + " has dropout, which a parity run cannot reproduce: "
                        + "PyTorch's random masks differ from nnet's");
            }
        }
        List<JavaFile> files = JavaBackend.generate(Pipeline.lower(c), packageName);
        // JavaBackend emits the models first, then one trainer per train block in source order.
        List<String> trainerNames = new ArrayList<>();
        for (JavaFile f : files) {
            if (f.typeSpec().superinterfaces().stream().anyMatch(
                    t -> t.toString().equals(CompiledTrainer.class.getName()))) {
                trainerNames.add(f.typeSpec().name());
            }
        }
        if (trainerNames.size() != request.optimizers().size()) {
            throw new AssertionError(request.sample() + ": expected " + request.optimizers().size()
                    + " trainers, generated " + trainerNames);
        }
        Map<String, String> byOptimizer = new LinkedHashMap<>();
        int i = 0;
        for (String optimizer : request.optimizers().keySet()) {
            byOptimizer.put(optimizer, trainerNames.get(i++));
        }
        return new Generated(request, packageName, files, byOptimizer);
    }

    /** Compiles one or more networks' sources with a single javac run (its start-up is most of the cost). */
    static ClassLoader javac(List<Generated> generated, Path workDir) {
        List<JavaFile> files = new ArrayList<>();
        generated.forEach(g -> files.addAll(g.files()));
        return JavacRunner.compile(files, workDir);
    }

    /** A fresh trainer for batches of up to {@code maxBatch} samples, with the given optimizer compiled in. */
    CompiledTrainer create(String optimizer, int maxBatch) {
        try {
            return (CompiledTrainer) trainers.get(optimizer).newInstance(maxBatch);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sample with its only train block replaced by one copy per optimizer statement. */
    static String rewrite(Path sample, String source, int batch, Iterable<String> optimizerStatements) {
        Matcher block = TRAIN_BLOCK.matcher(source);
        if (!block.find()) {
            throw new AssertionError(sample + " has no train block (`train Name {` ... `}` at the line start)");
        }
        String train = block.group();
        if (block.find()) {
            throw new AssertionError(sample + " has more than one train block; the parity run rewrites one");
        }
        requireOne(sample, OPTIMIZER, train, "optimizer");
        requireOne(sample, BATCH, train, "batch");
        StringBuilder copies = new StringBuilder();
        for (String optimizer : optimizerStatements) {
            String copy = OPTIMIZER.matcher(train).replaceFirst("$1optimizer " + Matcher.quoteReplacement(optimizer));
            copy = BATCH.matcher(copy).replaceFirst("$1batch " + batch);
            copies.append(copy.endsWith("\n") ? copy : copy + "\n");
        }
        return source.replace(train, copies.toString());
    }

    private static void requireOne(Path sample, Pattern statement, String train, String what) {
        Matcher m = statement.matcher(train);
        int count = 0;
        while (m.find()) {
            count++;
        }
        if (count != 1) {
            throw new AssertionError(sample + ": the train block has " + count + " `" + what + "` statements, the "
                    + "parity run replaces exactly one");
        }
    }

    /** A number as nnet source text: plain decimal, so no exponent syntax is needed ({@code 1e-05} is 0.00001). */
    static String number(double value) {
        return new BigDecimal(Double.toString(value)).toPlainString();
    }
}
