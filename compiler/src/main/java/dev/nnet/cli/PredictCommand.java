package dev.nnet.cli;

import dev.nnet.Compilation;
import dev.nnet.run.CompiledProgram;
import dev.nnet.runtime.Batch;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.TrainSpec;
import dev.nnet.runtime.data.Dataset;
import dev.nnet.runtime.data.Datasets;
import dev.nnet.runtime.io.Checkpoint;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nnet predict FILE.nnet}: the model's outputs, in evaluation mode, for inputs given on the command line
 * ({@code --input 4}) or for the first samples of one of the train block's data sets ({@code --on test}).
 */
@Command(name = "predict", description = "Run trained weights on --input values or on samples of a data set.")
final class PredictCommand extends WeightsCommand {
    @Option(names = "--input", paramLabel = "VALUES",
            description = "One sample's values, comma-separated (repeatable), e.g. --input 4 or --input 0.5,1.5.")
    List<String> inputs;

    @Option(names = "--on", paramLabel = "NAME", description = "Predict samples of this data set of the train block.")
    String on;

    @Option(names = "--limit", paramLabel = "K", description = "How many samples of --on to predict (default 10).")
    int limit = 10;

    @Override
    int run(Compilation c, CompiledProgram program, PrintStream stdout) {
        if (device == DeviceChoice.CUDA || gemm == GemmEngine.CUBLAS) {
            // A handful of samples: the host model answers before a GPU would have loaded its kernels.
            throw new UsageException("nnet predict runs the model on the CPU; --device cuda and --gemm cublas are "
                    + "for train and eval");
        }
        if ((inputs == null) == (on == null)) {
            throw new UsageException("give either --input VALUES (repeatable) or --on DATASET, e.g. --input 4");
        }
        TrainSpec spec = DataChecks.withFeatureCounts(program.spec(), c);
        Path w = weights(spec);
        int inSize = Outputs.inputSize(c);
        int outSize = Outputs.outputSize(c);
        if (inputs != null) {
            float[] x = parse(inputs, inSize);
            float[] y = run(program, w, inputs.size(), x);
            int width = Outputs.outputWidth(c);
            int perInput = outSize / width;
            for (int i = 0; i < inputs.size(); i++) {
                for (int r = 0; r < perInput; r++) {
                    stdout.println(Outputs.vector(x, i * inSize, inSize) + " -> " + describe(c, y, i * perInput + r,
                            width));
                }
            }
            return Nnetc.OK;
        }
        if (!spec.data().containsKey(on)) {
            throw new UsageException("the train block of " + file + " has no data set `" + on + "`; it has "
                    + String.join(", ", spec.data().keySet()));
        }
        if (limit < 1) {
            throw new UsageException("--limit must be at least 1, found " + limit);
        }
        Dataset d = Datasets.open(spec.data().get(on), fileDir(), data);
        // A sequence-first model's sample spans several data rows (hello-rnn: 5 rows of [N, 4] for one sequence).
        if (inSize % d.featureSize() != 0) {
            throw new UsageException("data `" + on + "` has rows of " + d.featureSize() + " values, which do not make "
                    + "up the model's " + inSize + " per sample");
        }
        int rowsPerSample = inSize / d.featureSize();
        int n = Math.min(limit, d.size() / rowsPerSample);
        int rows = n * rowsPerSample;
        Batch batch = new Batch(rows, d.featureSize(), d.targetSize(), d.classTargets());
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        d.fill(order, 0, rows, batch);
        float[] y = run(program, w, n, batch.x);
        int width = Outputs.outputWidth(c);
        int outRows = n * (outSize / width);
        List<String> labels = labels(c);
        StringBuilder predicted = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        // Targets match output rows one to one: one per sample, or a sequence model's one per step.
        boolean classPerRow = batch.yInt != null && rows * batch.targetSize == outRows;
        boolean floatPerRow = batch.yFloat != null && rows == outRows;
        // A sequence model scores several rows per sample (hello-rnn: one per character), which the seeds print as
        // one string: "Predicted string: ohlol".
        boolean spell = !labels.isEmpty() && classPerRow && isClassifier(c) && outSize / width > 1;
        String gap = singleCharacters(labels) ? "" : " ";
        for (int r = 0; r < outRows; r++) {
            String target = classPerRow ? "   (target class " + batch.yInt[r] + label(labels, batch.yInt[r]) + ")"
                    : floatPerRow ? "   (target " + Outputs.vector(batch.yFloat, r * batch.targetSize,
                    batch.targetSize) + ")" : "";
            stdout.println(on + "[" + r + "]: " + describe(c, y, r, width) + target);
            if (spell) {
                predicted.append(r == 0 ? "" : gap).append(labels.get(best(y, r, width)));
                expected.append(r == 0 ? "" : gap).append(labels.get(batch.yInt[r]));
            }
        }
        if (spell) {
            stdout.println("predicted: " + predicted + "   (targets: " + expected + ")");
        }
        return Nnetc.OK;
    }

    private float[] run(CompiledProgram program, Path weights, int n, float[] x) {
        CompiledTrainer trainer = program.factory().apply(n);
        Checkpoint.copyInto(weights, trainer.parameters(), false)
                .forEach(warning -> err().println("nnet: warning: " + warning));
        return program.predictor(trainer).predict(n, x);
    }

    private float[] parse(List<String> samples, int size) {
        float[] x = new float[samples.size() * size];
        for (int i = 0; i < samples.size(); i++) {
            String[] parts = samples.get(i).trim().split("\\s*,\\s*|\\s+");
            if (parts.length != size) {
                throw new UsageException("--input " + samples.get(i) + ": the model takes " + size + " value"
                        + (size == 1 ? "" : "s") + " per sample, found " + parts.length);
            }
            for (int j = 0; j < size; j++) {
                try {
                    x[i * size + j] = Float.parseFloat(parts[j]);
                } catch (NumberFormatException e) {
                    throw new UsageException("--input " + samples.get(i) + ": `" + parts[j] + "` is not a number");
                }
                if (!Float.isFinite(x[i * size + j])) {
                    // Java also parses NaN, Infinity and 1e39 (to infinity); no model input means any of them.
                    throw new UsageException("--input " + samples.get(i) + ": `" + parts[j] + "` is not a finite "
                            + "number");
                }
            }
        }
        return x;
    }

    /**
     * The outputs of sample {@code i}, with the predicted class when the loss is a classification loss, and its label
     * when the train block gives {@code labels}.
     */
    private static String describe(Compilation c, float[] y, int i, int size) {
        String values = Outputs.vector(y, i * size, size);
        String loss = Outputs.loss(c);
        if (loss.equals("cross_entropy") || loss.equals("nll")) {
            int best = best(y, i, size);
            return "class " + best + label(labels(c), best) + "  " + values;
        }
        if (loss.startsWith("bce") && size == 1) {
            float threshold = loss.equals("bce_with_logits") ? 0f : 0.5f;
            int best = y[i] > threshold ? 1 : 0;
            return "class " + best + label(labels(c), best) + "  " + values;
        }
        return values;
    }

    private static boolean isClassifier(Compilation c) {
        String loss = Outputs.loss(c);
        return loss.equals("cross_entropy") || loss.equals("nll");
    }

    private static int best(float[] y, int i, int size) {
        int best = 0;
        for (int k = 1; k < size; k++) {
            if (y[i * size + k] > y[i * size + best]) {
                best = k;
            }
        }
        return best;
    }

    private static List<String> labels(Compilation c) {
        return c.typed().trains().get(0).settings().labels();
    }

    /** {@code " (l)"} for class 2 of labels e, h, l, o; nothing without labels. */
    private static String label(List<String> labels, int index) {
        return index >= 0 && index < labels.size() ? " (" + labels.get(index) + ")" : "";
    }

    private static boolean singleCharacters(List<String> labels) {
        return labels.stream().allMatch(l -> l.length() == 1);
    }
}
