package dev.nnet.runtime.train;

import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.EvalTotals;
import dev.nnet.runtime.TrainSpec;
import dev.nnet.runtime.data.Dataset;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Trains a generated trainer from Java, as its train block says unless told otherwise:
 * <pre>{@code
 * LinearModelTrainer trained = Training.of(LinearModelTrainer.SPEC, LinearModelTrainer::new)
 *         .epochs(500)
 *         .checkpoint(Path.of("target/linear.safetensors"))
 *         .run();
 * float[] y = trained.model.predict(1, new float[] {4f});
 * }</pre>
 * Every setting is optional. Without {@link #checkpoint} nothing is written to disk (unless the train block names a
 * checkpoint file), and without {@link #log} the seeds' log lines go to standard output.
 *
 * @param <T> the generated trainer class, so {@link #run()} returns it with its {@code model} field typed
 */
public final class Training<T extends CompiledTrainer> {
    private final TrainSpec spec;
    private final IntFunction<T> factory;
    private final Map<String, Dataset> data = new LinkedHashMap<>();
    private Path nnetDir;
    private Path dataDir;
    private Integer epochs;
    private Long seed;
    private Path initFrom;
    private Path checkpoint;
    private Path resume;
    private Path metrics;
    private PrintStream log = System.out;
    private TrainingLoop lastRun;

    private Training(TrainSpec spec, IntFunction<T> factory) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Starts describing a run of a generated trainer.
     *
     * @param spec    the trainer's {@code SPEC} field: what its train block says
     * @param factory its constructor, {@code LinearModelTrainer::new} (it takes the largest batch size)
     */
    public static <T extends CompiledTrainer> Training<T> of(TrainSpec spec, IntFunction<T> factory) {
        return new Training<>(spec, factory);
    }

    /** Trains for {@code n} epochs instead of the train block's {@code epochs}; 0 trains nothing. */
    public Training<T> epochs(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("epochs must be 0 or more, found " + n);
        }
        this.epochs = n;
        return this;
    }

    /** Seeds initialization, shuffling and dropout instead of the train block's {@code seed}. */
    public Training<T> seed(long s) {
        this.seed = s;
        return this;
    }

    /**
     * Saves a checkpoint here (safetensors, written atomically) at the train block's checkpoint cadence, else at
     * the end; {@link dev.nnet.runtime.io.Checkpoint#loadInto} reads it back into a model.
     */
    public Training<T> checkpoint(Path file) {
        this.checkpoint = file;
        return this;
    }

    /** Starts from the weights in a checkpoint or a PyTorch {@code state_dict} saved as safetensors. */
    public Training<T> initFrom(Path file) {
        this.initFrom = file;
        return this;
    }

    /** Continues a run from one of its checkpoints: weights, optimizer state, position and RNG state. */
    public Training<T> resume(Path file) {
        this.resume = file;
        return this;
    }

    /** Appends one JSON line per logged step, epoch and evaluation to this file ({@code nnet plot} draws it). */
    public Training<T> metrics(Path file) {
        this.metrics = file;
        return this;
    }

    /**
     * Where the train block's data files are: for MNIST the folder holding its IDX files, for CSV the folder
     * holding the file. Without it they are looked up as {@code nnet train} does, then in the download cache.
     */
    public Training<T> dataDir(Path dir) {
        this.dataDir = dir;
        return this;
    }

    /**
     * Where the {@code .nnet} file was, so the train block's relative data paths resolve against it as well as
     * against the working directory.
     */
    public Training<T> sourceDir(Path dir) {
        this.nnetDir = dir;
        return this;
    }

    /**
     * Trains on (or evaluates) these samples instead of the train block's data set {@code name}, e.g. samples
     * from Java arrays made with {@link dev.nnet.runtime.data.Samples}.
     */
    public Training<T> data(String name, Dataset samples) {
        data.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(samples, "samples"));
        return this;
    }

    /** Prints the log lines here instead of standard output. */
    public Training<T> log(PrintStream out) {
        this.log = Objects.requireNonNull(out, "out");
        return this;
    }

    /** Prints nothing. */
    public Training<T> quiet() {
        return log(new PrintStream(OutputStream.nullOutputStream()));
    }

    /**
     * Opens the data, initializes (or loads) the parameters and trains.
     *
     * @return the trained trainer; its {@code model} field is the generated model, ready for {@code predict}
     * @throws dev.nnet.runtime.data.DataException  when a data set cannot be found or read
     * @throws TrainingException                    when the loss stops being finite, or a resume does not fit
     * @throws dev.nnet.runtime.io.CheckpointException when a checkpoint cannot be read or written
     */
    @SuppressWarnings("unchecked") // the loop builds its trainer with our factory, so it is a T
    public T run() {
        RunOptions options = new RunOptions(nnetDir, dataDir, epochs, seed, initFrom, checkpoint, resume, metrics,
                false);
        TrainingLoop loop = new TrainingLoop(spec, factory, options, log, data);
        loop.run();
        log.flush();
        lastRun = loop;
        return (T) loop.trainer();
    }

    /**
     * Evaluates the weights {@link #run()} trained on one of the train block's data sets (or one given with
     * {@link #data}), in evaluation mode: e.g. {@code training.evaluate("test").accuracy()}.
     *
     * @throws IllegalStateException before {@link #run()}
     * @throws TrainingException     when the train block has no data set {@code name}
     */
    public EvalTotals evaluate(String name) {
        if (lastRun == null) {
            throw new IllegalStateException("evaluate after run(): there are no trained weights yet");
        }
        if (!spec.data().containsKey(name)) {
            throw new TrainingException("the train block of " + spec.model() + " has no data set `" + name
                    + "`; it has " + String.join(", ", spec.data().keySet()));
        }
        return lastRun.evaluate(name);
    }
}
