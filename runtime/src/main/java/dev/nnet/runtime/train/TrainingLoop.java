package dev.nnet.runtime.train;

import dev.nnet.runtime.Batch;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.EvalTotals;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.TrainSpec;
import dev.nnet.runtime.cuda.DeviceTrainer;
import dev.nnet.runtime.data.Dataset;
import dev.nnet.runtime.data.Datasets;
import dev.nnet.runtime.data.Loader;
import dev.nnet.runtime.io.Checkpoint;
import dev.nnet.runtime.metrics.MetricsLog;
import dev.nnet.runtime.metrics.Progress;
import dev.nnet.runtime.metrics.TrainLog;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;

/**
 * Runs a generated trainer as its train block says: opens the data, initializes (or loads) the parameters, then
 * epochs of compiled training steps with the seeds' log lines, evaluations and atomic checkpoints. A checkpoint
 * carries optimizer state, position and RNG state, so a resumed run continues exactly where it stopped.
 *
 * <p>A {@link DeviceTrainer} has its steps queued; the loop reads their losses only when it logs, evaluates,
 * checkpoints or ends an epoch, and copies parameters to the host only for checkpoints and at the end of the run.
 */
public final class TrainingLoop {
    private final TrainSpec spec;
    private final RunOptions options;
    private final PrintStream out;
    private final Map<String, Dataset> data = new LinkedHashMap<>();
    private final CompiledTrainer trainer;
    private final Rng rng;
    private final Loader train;
    private final Batch batch;
    private MetricsLog metrics;
    /**
     * A {@code --checkpoint} without the train block's {@code checkpoint ... every} cadence is written at the end
     * and at most once a minute before that: a thousand tiny epochs should not cost a thousand fsyncs.
     */
    private static final long UNSCHEDULED_CHECKPOINT_NANOS = 60_000_000_000L;
    private long lastSave = System.nanoTime();
    private Consumer<String> warnings = w -> System.err.println("nnet: warning: " + w);
    private final Divergence divergence = new Divergence();
    /** The trainer when its state lives on a device (steps are queued, losses read in windows); else null. */
    private final DeviceTrainer device;
    /** Steps queued on the device since the losses were last read, and their batch size. */
    private int queued;
    private int queuedBatchSize;
    private StepTrace trace;
    private Runnable onStart = () -> { };

    /**
     * @param spec    the generated trainer's {@code SPEC}
     * @param factory builds the trainer for a maximum batch size (the generated constructor)
     */
    public TrainingLoop(TrainSpec spec, IntFunction<? extends CompiledTrainer> factory, RunOptions options,
                        PrintStream out) {
        this(spec, factory, options, out, Map.of());
    }

    /**
     * @param given data sets to use in place of the train block's, by name (e.g. {@code "train"}); the others are
     *              opened as the train block says
     */
    public TrainingLoop(TrainSpec spec, IntFunction<? extends CompiledTrainer> factory, RunOptions options,
                        PrintStream out, Map<String, Dataset> given) {
        this.spec = spec;
        this.options = options;
        this.out = out;
        for (String name : given.keySet()) {
            if (!spec.data().containsKey(name)) {
                throw new TrainingException("the train block of " + spec.model() + " has no data set `" + name
                        + "`; it has " + String.join(", ", spec.data().keySet()));
            }
        }
        for (var e : spec.data().entrySet()) {
            Dataset d = given.get(e.getKey());
            data.put(e.getKey(), d != null ? d : Datasets.open(e.getValue(), options.nnetDir(), options.dataDir()));
        }
        Dataset trainSet = data.get(spec.trainData());
        int batchSize = spec.batchSize() == 0 ? trainSet.size() : spec.batchSize();
        // Evaluation reuses the training batch size: every buffer of the trainer (and of its model) is sized by
        // maxBatch, so evaluating in batches of 1000 cost mnist-resnet 750 MB of RSS instead of about 300.
        this.trainer = factory.apply(batchSize);
        this.device = trainer instanceof DeviceTrainer d ? d : null;
        this.rng = new Rng(options.seed() != null ? options.seed() : spec.seed());
        this.train = new Loader(trainSet, batchSize, spec.shuffle(), spec.dropLast());
        this.batch = train.newBatch();
    }

    /**
     * Cuts the run to {@code trace}'s steps (more epochs than the train block's if needed, unless --epochs says) and
     * records what it asks for: each step's loss, the speed after a warm-up. Set before {@link #run()}.
     */
    public void trace(StepTrace stepTrace) {
        this.trace = stepTrace;
    }

    /** Runs once the parameters are ready (initialized or loaded) and before the first step, e.g. to say where. */
    public void onStart(Runnable action) {
        this.onStart = action;
    }

    /** Where warnings go (tensors a weights file has beyond the model's); standard error unless set. */
    public void onWarning(Consumer<String> sink) {
        this.warnings = sink;
    }

    public CompiledTrainer trainer() {
        return trainer;
    }

    /** The opened data sets by name, in declaration order. */
    public Map<String, Dataset> datasets() {
        return java.util.Collections.unmodifiableMap(data);
    }

    /** Trains for the spec's epochs (or {@code options.epochs()}), from a fresh start or a checkpoint. */
    public void run() {
        long startEpoch = 0;
        int resumeBatch = 0;
        long[] resumeEpochRng = null;
        if (checkpointPath() != null) {
            Checkpoint.checkWritable(checkpointPath()); // now, not after the first epoch's work
        }
        if (options.resume() != null) {
            // The parameters first: the same rule as --init-from and --weights, with the same messages.
            Checkpoint.copyInto(options.resume(), trainer.parameters(), false).forEach(warnings);
            Checkpoint c = Checkpoint.load(options.resume());
            copyState(c);
            trainer.setOptimizerSteps(c.optimizerSteps());
            pushIfDevice();
            rng.setState(c.rngState());
            startEpoch = c.epoch();
            resumeBatch = c.batch();
            resumeEpochRng = c.epochRngState();
            out.println("Resumed from " + options.resume() + " at epoch " + startEpoch
                    + (resumeBatch > 0 ? ", batch " + resumeBatch : ""));
        } else {
            trainer.initialize(rng);
            if (options.initFrom() != null) {
                Checkpoint.copyInto(options.initFrom(), trainer.parameters(), false).forEach(warnings);
                pushIfDevice();
            }
        }
        if (options.metrics() != null) {
            metrics = MetricsLog.open(options.metrics(), options.resume() != null);
        }
        onStart.run();
        int epochs = options.epochs() != null ? options.epochs() : spec.epochs();
        if (trace != null && trace.maxSteps() > 0 && options.epochs() == null) {
            long needed = (trace.maxSteps() + train.batchesPerEpoch() - 1) / Math.max(1, train.batchesPerEpoch());
            epochs = (int) Math.min(Integer.MAX_VALUE, Math.max(epochs, needed));
        }
        Progress progress = options.progress() ? Progress.onConsole() : new Progress(out, false, System::nanoTime);
        try {
            for (long epoch = startEpoch + 1; epoch <= epochs; epoch++) {
                epoch((int) epoch, epochs, progress, resumeBatch, resumeEpochRng);
                resumeBatch = 0;
                resumeEpochRng = null;
                if (trace != null && trace.done()) {
                    break;
                }
            }
            if (device != null) {
                device.pullToHost(); // callers read trainer().parameters() after a run
            }
        } finally {
            progress.clear();
            if (metrics != null) {
                metrics.close();
            }
        }
    }

    /**
     * One epoch. {@code skip > 0} resumes it after that many batches: the RNG goes back to the epoch's start to draw
     * the same order, then forward to where the checkpoint left it.
     */
    private void epoch(int epoch, int epochs, Progress progress, int skip, long[] epochStartRng) {
        long[] resumedRng = rng.state();
        if (skip > 0) {
            rng.setState(epochStartRng);
        }
        long[] epochRng = rng.state();
        train.startEpoch(rng);
        int b = 0;
        if (skip > 0) {
            rng.setState(resumedRng);
            train.skip(skip);
            b = skip;
        }
        EpochLosses losses = new EpochLosses(divergence, options.allowDivergence(), epoch);
        queued = 0;
        long samples = 0;
        long started = System.nanoTime();
        TrainSpec.Cadence log = spec.log();
        while (train.next(batch)) {
            if (device != null && (trace == null || !trace.everyLoss())) {
                if (queued > 0 && batch.n != queuedBatchSize) {
                    drain(losses, b); // a short last batch: the epoch mean weights each step by its samples
                }
                device.enqueueStep(batch, rng);
                queued++;
                queuedBatchSize = batch.n;
                b++;
            } else {
                float loss = trainer.trainStep(batch, rng);
                b++;
                losses.add(loss, 1, batch.n, b);
                if (trace != null && trace.everyLoss()) {
                    trace.record(loss);
                }
            }
            samples += batch.n;
            if (trace != null && trace.step(batch.n)) {
                drain(losses, b); // the clock reads only after the device has done the steps
                trace.synced(System.nanoTime());
            }
            progress.update(epoch, epochs, b, train.batchesPerEpoch(), losses.runningMean(), samples);
            if (due(log, TrainSpec.Unit.BATCHES, b)) {
                drain(losses, b);
                progress.clear();
                out.println(TrainLog.batch(epoch, b, losses.runningMean()));
                if (metrics != null) {
                    metrics.train(epoch, b, trainer.optimizerSteps(), losses.runningMean(),
                            samples / ((System.nanoTime() - started) / 1e9));
                }
                losses.logged();
            }
            if (evaluationDue(TrainSpec.Unit.BATCHES, b)) {
                drain(losses, b);
            }
            evaluations(TrainSpec.Unit.BATCHES, b, epoch, progress);
            if (spec.checkpoint() != null && due(spec.checkpoint().every(), TrainSpec.Unit.BATCHES, b)
                    && checkpointPath() != null) {
                lastSave = System.nanoTime();
                drainAndPull(losses, b);
                Checkpoint.saveWithinEpoch(checkpointPath(), trainer.parameters(), trainer.optimizerState(),
                        epoch - 1, b, epochRng, trainer.optimizerSteps(), trainer.optimizerSteps(), rng.state(),
                        Map.of("model", spec.model()));
            }
            if (trace != null && trace.done()) {
                break;
            }
        }
        drain(losses, b);
        progress.clear();
        double mean = losses.epochMean();
        if (log == null || due(log, TrainSpec.Unit.EPOCHS, epoch)) {
            out.println(TrainLog.epoch(epoch, epochs, mean));
        }
        if (metrics != null) {
            double samplesPerSecond = samples / ((System.nanoTime() - started) / 1e9);
            if (!losses.windowEmpty()) { // the batches since the last logged one: the step curve goes on without a jump
                metrics.train(epoch, b, trainer.optimizerSteps(), losses.runningMean(), samplesPerSecond);
            }
            metrics.epoch(epoch, b, trainer.optimizerSteps(), mean, samplesPerSecond);
        }
        if (trace == null || !trace.done()) { // a run cut by --steps measures training, not the test set
            evaluations(TrainSpec.Unit.EPOCHS, epoch, epoch, progress);
        }
        Path checkpoint = checkpointPath();
        boolean onSchedule = spec.checkpoint() != null && due(spec.checkpoint().every(), TrainSpec.Unit.EPOCHS, epoch);
        boolean unscheduled = spec.checkpoint() == null
                && System.nanoTime() - lastSave >= UNSCHEDULED_CHECKPOINT_NANOS;
        if (checkpoint != null && (epoch == epochs || onSchedule || unscheduled)) {
            lastSave = System.nanoTime();
            drainAndPull(losses, b);
            Checkpoint.save(checkpoint, trainer.parameters(), trainer.optimizerState(), epoch,
                    trainer.optimizerSteps(), trainer.optimizerSteps(), rng.state(), Map.of("model", spec.model()));
        }
    }

    /** On a device: waits for the queued steps and records their losses (checked there). On the CPU: nothing. */
    private void drain(EpochLosses losses, int lastBatch) {
        if (device != null && queued > 0) {
            DeviceTrainer.LossSum sum = device.drainLosses();
            queued = 0;
            losses.add(sum.sum(), sum.steps(), queuedBatchSize, lastBatch);
        }
    }

    /** Before the host reads parameters (a checkpoint): the device's copies come back first. */
    private void drainAndPull(EpochLosses losses, int lastBatch) {
        drain(losses, lastBatch);
        if (device != null) {
            device.pullToHost();
        }
    }

    /** After the host wrote parameters (a checkpoint, weights, --init-from): the device gets them. */
    private void pushIfDevice() {
        if (device != null) {
            device.pushToDevice();
        }
    }

    private boolean evaluationDue(TrainSpec.Unit unit, int count) {
        return spec.evaluations().stream().anyMatch(e -> due(e.every(), unit, count));
    }

    /** Whether a cadence in {@code unit} falls on the {@code count}-th batch or epoch. */
    private static boolean due(TrainSpec.Cadence cadence, TrainSpec.Unit unit, int count) {
        return cadence != null && cadence.unit() == unit && count % cadence.every() == 0;
    }

    /** The evaluations whose cadence in {@code unit} falls on {@code count}. */
    private void evaluations(TrainSpec.Unit unit, int count, int epoch, Progress progress) {
        for (TrainSpec.Evaluation e : spec.evaluations()) {
            if (due(e.every(), unit, count)) {
                progress.clear();
                EvalTotals totals = evaluate(e.data());
                boolean withLoss = e.metrics().contains("loss");
                boolean withAccuracy = e.metrics().contains("accuracy");
                out.println(TrainLog.evaluation(e.data(), totals, withLoss, withAccuracy));
                if (metrics != null) {
                    metrics.eval(epoch, e.data(), totals, withLoss, withAccuracy);
                }
            }
        }
    }

    /** Where checkpoints go: {@code --checkpoint}, else the train block's, else nowhere (null). */
    private Path checkpointPath() {
        return options.checkpoint() != null ? options.checkpoint()
                : spec.checkpoint() != null ? options.resolveOutput(spec.checkpoint().path()) : null;
    }

    /** Loads parameters from a checkpoint or a PyTorch safetensors file, e.g. to evaluate trained weights. */
    public void loadWeights(Path file) {
        Checkpoint.copyInto(file, trainer.parameters(), false).forEach(warnings);
        pushIfDevice();
    }

    /** Evaluates on a named data set in evaluation mode. */
    public EvalTotals evaluate(String name) {
        return evaluate(name, done -> { });
    }

    /** Evaluates on a named data set in evaluation mode; {@code samplesDone} hears the count after each batch. */
    public EvalTotals evaluate(String name, LongConsumer samplesDone) {
        Dataset d = data.get(name);
        Loader loader = new Loader(d, Math.min(trainer.maxBatch(), d.size()), false, false);
        Batch b = loader.newBatch();
        EvalTotals totals = new EvalTotals();
        loader.startEpoch(rng);
        while (loader.next(b)) {
            trainer.evalBatch(b, totals);
            samplesDone.accept(totals.count);
        }
        return totals;
    }

    /** The number of samples in a named data set, e.g. for a progress display. */
    public int size(String name) {
        return data.get(name).size();
    }

    private void copyState(Checkpoint c) {
        Map<String, float[]> saved = new LinkedHashMap<>();
        c.optimizerState().forEach(t -> saved.put(t.name(), t.data()));
        for (var t : trainer.optimizerState()) {
            float[] values = saved.get(t.name());
            if (values == null || values.length != t.size()) {
                throw new TrainingException("checkpoint " + options.resume() + " has no optimizer state `" + t.name()
                        + "` of " + t.size() + " values; was it written by another optimizer or model?");
            }
            System.arraycopy(values, 0, t.data(), 0, values.length);
        }
    }
}
