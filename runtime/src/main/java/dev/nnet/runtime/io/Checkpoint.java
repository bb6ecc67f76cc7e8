package dev.nnet.runtime.io;

import dev.nnet.runtime.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training checkpoint: a safetensors file holding the parameters under their PyTorch {@code state_dict} names,
 * the optimizer state under the {@code optimizer.} prefix, and in {@code __metadata__} the epoch, step, optimizer
 * step count and RNG state as decimal strings, so a run resumes exactly.
 *
 * <p>PyTorch reads the weights of an nnet checkpoint with {@code safetensors.torch.load_file}; the optimizer
 * tensors must be dropped before {@code load_state_dict}, which rejects unexpected keys:
 * {@code model.load_state_dict({k: v for k, v in load_file(path).items() if not k.startswith("optimizer.")})}.
 *
 * @param metadata      the caller's extra metadata (everything but the keys this class writes itself)
 * @param batch         batches done in epoch {@code epoch + 1} when saved within it ({@code every N batches});
 *                      0 at an epoch's end
 * @param epochRngState the RNG state when that epoch started (it drew the epoch's order); null when batch is 0
 */
public record Checkpoint(List<Tensor> parameters, List<Tensor> optimizerState, long epoch, long step,
                         long optimizerSteps, long[] rngState, Map<String, String> metadata, int batch,
                         long[] epochRngState) {
    /** Bumped when the layout changes incompatibly; a file of another version is refused, not misread. */
    public static final String FORMAT_VERSION = "1";
    public static final String OPTIMIZER_PREFIX = "optimizer.";
    static final String VERSION_KEY = "nnet.format_version";
    static final String EPOCH_KEY = "nnet.epoch";
    static final String STEP_KEY = "nnet.step";
    static final String OPTIMIZER_STEPS_KEY = "nnet.optimizer_steps";
    static final String RNG_KEY = "nnet.rng_state";
    static final String BATCH_KEY = "nnet.batch_in_epoch";
    static final String EPOCH_RNG_KEY = "nnet.epoch_rng_state";
    /** What {@code safetensors.torch.save_file} writes, and what Hugging Face loaders check for. */
    static final String FORMAT_KEY = "format";
    /** How many of the file's tensors an error lists. */
    private static final int LISTED = 40;

    public Checkpoint {
        parameters = List.copyOf(parameters);
        optimizerState = List.copyOf(optimizerState);
        rngState = rngState.clone();
        metadata = Map.copyOf(metadata);
        epochRngState = epochRngState == null ? null : epochRngState.clone();
    }

    @Override
    public long[] rngState() {
        return rngState.clone();
    }

    @Override
    public long[] epochRngState() {
        return epochRngState == null ? null : epochRngState.clone();
    }

    /**
     * Writes a checkpoint atomically (see {@link Safetensors#write}): parameters first, then optimizer state.
     *
     * @param optimizerState tensors whose names start with {@code optimizer.}
     * @param rngState       the run's {@link dev.nnet.runtime.Rng#state()}
     * @param extraMetadata  more metadata to keep; its keys must not be {@code format} or start with {@code nnet.}
     */
    public static void save(Path file, List<Tensor> parameters, List<Tensor> optimizerState, long epoch, long step,
                            long optimizerSteps, long[] rngState, Map<String, String> extraMetadata) {
        saveWithinEpoch(file, parameters, optimizerState, epoch, 0, null, step, optimizerSteps, rngState,
                extraMetadata);
    }

    /**
     * As {@link #save}, part way through epoch {@code epoch + 1}: after {@code batch} of its batches, which started
     * with the RNG in {@code epochRngState}. Resuming replays that epoch's order and carries on at the next batch.
     */
    public static void saveWithinEpoch(Path file, List<Tensor> parameters, List<Tensor> optimizerState, long epoch,
                                       int batch, long[] epochRngState, long step, long optimizerSteps,
                                       long[] rngState, Map<String, String> extraMetadata) {
        for (Tensor t : parameters) {
            if (t.name().startsWith(OPTIMIZER_PREFIX)) {
                throw new IllegalArgumentException("parameter " + t.name() + " uses the optimizer state's prefix");
            }
        }
        for (Tensor t : optimizerState) {
            if (!t.name().startsWith(OPTIMIZER_PREFIX)) {
                throw new IllegalArgumentException("optimizer state " + t.name() + " lacks the prefix "
                        + OPTIMIZER_PREFIX);
            }
        }
        if (rngState.length != 4) {
            throw new IllegalArgumentException("an RNG state is 4 longs, not " + rngState.length);
        }
        Map<String, String> metadata = new HashMap<>();
        for (Map.Entry<String, String> e : extraMetadata.entrySet()) {
            if (reserved(e.getKey())) {
                throw new IllegalArgumentException("metadata key " + e.getKey() + " is reserved for nnet");
            }
            metadata.put(e.getKey(), e.getValue());
        }
        metadata.put(FORMAT_KEY, "pt");
        metadata.put(VERSION_KEY, FORMAT_VERSION);
        metadata.put(EPOCH_KEY, Long.toString(epoch));
        metadata.put(STEP_KEY, Long.toString(step));
        metadata.put(OPTIMIZER_STEPS_KEY, Long.toString(optimizerSteps));
        metadata.put(RNG_KEY, joined(rngState));
        if (batch > 0) {
            if (epochRngState == null || epochRngState.length != 4) {
                throw new IllegalArgumentException("a checkpoint within an epoch needs the epoch's 4-long RNG state");
            }
            metadata.put(BATCH_KEY, Integer.toString(batch));
            metadata.put(EPOCH_RNG_KEY, joined(epochRngState));
        }
        List<Tensor> all = new ArrayList<>(parameters);
        all.addAll(optimizerState);
        Safetensors.write(file, all, metadata);
    }

    /** Fails now, naming the reason, when checkpoints could not be written to {@code file}. */
    public static void checkWritable(Path file) {
        SafetensorsWriter.checkWritable(file);
    }

    private static boolean reserved(String key) {
        return key.equals(FORMAT_KEY) || key.startsWith("nnet.");
    }

    /**
     * Reads a checkpoint written by {@link #save}, to resume a run.
     *
     * @throws CheckpointException if the file is not a valid nnet checkpoint (a plain weights file, e.g. one saved
     *                             by PyTorch, is refused: load it with {@link #loadInto} instead)
     */
    public static Checkpoint load(Path file) {
        SafetensorsFile f = Safetensors.read(file);
        Map<String, String> meta = f.metadata();
        String version = meta.get(VERSION_KEY);
        if (version == null) {
            throw new CheckpointException(file + ": not an nnet checkpoint (no " + VERSION_KEY + " in its "
                    + "__metadata__), so it cannot resume a run; to start from its weights, use --init-from");
        }
        if (!version.equals(FORMAT_VERSION)) {
            throw new CheckpointException(file + ": checkpoint format version " + version + ", but this nnet reads "
                    + "version " + FORMAT_VERSION + "; use the nnet that wrote it");
        }
        long[] rng = rngState(file, RNG_KEY, required(file, meta, RNG_KEY));
        int batch = meta.containsKey(BATCH_KEY) ? (int) number(file, BATCH_KEY, meta.get(BATCH_KEY)) : 0;
        long[] epochRng = batch > 0 ? rngState(file, EPOCH_RNG_KEY, required(file, meta, EPOCH_RNG_KEY)) : null;
        List<Tensor> parameters = new ArrayList<>();
        List<Tensor> optimizer = new ArrayList<>();
        for (String name : f.names()) {
            (name.startsWith(OPTIMIZER_PREFIX) ? optimizer : parameters).add(f.tensor(name));
        }
        Map<String, String> extra = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (!reserved(k)) {
                extra.put(k, v);
            }
        });
        return new Checkpoint(parameters, optimizer, number(file, EPOCH_KEY, required(file, meta, EPOCH_KEY)),
                number(file, STEP_KEY, required(file, meta, STEP_KEY)),
                number(file, OPTIMIZER_STEPS_KEY, required(file, meta, OPTIMIZER_STEPS_KEY)), rng, extra, batch,
                epochRng);
    }

    private static long[] rngState(Path file, String key, String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 4) {
            throw new CheckpointException(file + ": metadata " + key + " has " + parts.length + " numbers, "
                    + "expected 4");
        }
        long[] state = new long[4];
        for (int i = 0; i < 4; i++) {
            state[i] = number(file, key, parts[i]);
        }
        return state;
    }

    private static String joined(long[] state) {
        StringBuilder out = new StringBuilder();
        for (long v : state) {
            out.append(out.length() > 0 ? "," : "").append(v);
        }
        return out.toString();
    }

    private static String required(Path file, Map<String, String> meta, String key) {
        String value = meta.get(key);
        if (value == null) {
            throw new CheckpointException(file + ": metadata " + key + " is missing; the checkpoint is incomplete");
        }
        return value;
    }

    private static long number(Path file, String key, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new CheckpointException(file + ": metadata " + key + " holds \"" + text + "\", expected a decimal "
                    + "integer");
        }
    }

    /** As {@link #copyInto}, for callers that show no warnings (kept for code compiled against it). */
    public static void loadInto(Path file, List<Tensor> targets, boolean strict) {
        copyInto(file, targets, strict);
    }

    /**
     * Copies the tensors of {@code file} into {@code targets} by name ({@code --init-from}, {@code --resume},
     * {@code --weights}: one rule for all). Any safetensors file with matching names works, e.g. one saved from a
     * PyTorch {@code state_dict}; F64, F16 and BF16 values are converted, and the file's {@code optimizer.} tensors
     * are ignored. Integer data is refused (a float parameter saved as I64 is a mistake upstream, not a value to
     * round), and so is any NaN or infinity. Nothing is copied unless everything fits.
     *
     * @param strict also refuse tensors in the file that no target asks for
     * @return warnings: tensors in the file that no target asks for (when not strict), by name
     * @throws CheckpointException listing every missing tensor (with the closest name in the file), every shape
     *                             or dtype mismatch, every tensor with non-finite values and, when strict, every
     *                             unexpected tensor
     */
    public static List<String> copyInto(Path file, List<Tensor> targets, boolean strict) {
        SafetensorsFile f = Safetensors.read(file);
        List<String> weights = f.names().stream().filter(n -> !n.startsWith(OPTIMIZER_PREFIX)).toList();
        List<String> problems = new ArrayList<>();
        Map<String, Tensor> wanted = new LinkedHashMap<>();
        Map<String, float[]> read = new LinkedHashMap<>();
        for (Tensor t : targets) {
            wanted.put(t.name(), t);
            if (!f.contains(t.name())) {
                problems.add(t.name() + ": missing from the file" + NameSuggestion.closest(t.name(), weights)
                        .map(s -> " (did you mean " + s + "?)").orElse(""));
            } else if (!Arrays.equals(f.shape(t.name()), t.shape())) {
                problems.add(t.name() + ": file has " + Arrays.toString(f.shape(t.name())) + ", model expects "
                        + Arrays.toString(t.shape()));
            } else if (!f.dtype(t.name()).isFloat()) {
                problems.add(t.name() + ": file has dtype " + f.dtype(t.name()) + ", but the parameter is float"
                        + (f.dtype(t.name()).isInteger() ? "; integer data in a float parameter is a mistake where "
                        + "the file was written (in PyTorch, save tensor.float())" : " and nnet cannot convert it"));
            } else {
                float[] values = f.floats(t.name());
                String bad = nonFinite(values);
                if (bad != null) {
                    problems.add(t.name() + ": " + bad + "; the weights diverged or the file is corrupt");
                }
                read.put(t.name(), values);
            }
        }
        List<String> extra = weights.stream().filter(n -> !wanted.containsKey(n)).toList();
        if (strict) {
            extra.forEach(name -> problems.add(name + ": in the file but not in the model"));
        }
        if (!problems.isEmpty()) {
            StringBuilder msg = new StringBuilder(file + ": cannot initialize the model from it:");
            problems.forEach(p -> msg.append("\n  ").append(p));
            msg.append("\nthe file has:");
            for (String name : weights.subList(0, Math.min(weights.size(), LISTED))) {
                msg.append("\n  ").append(name).append(' ').append(Arrays.toString(f.shape(name)));
            }
            if (weights.size() > LISTED) {
                msg.append("\n  ... and ").append(weights.size() - LISTED).append(" more");
            }
            throw new CheckpointException(msg.toString());
        }
        for (Tensor t : targets) {
            float[] values = read.get(t.name());
            System.arraycopy(values, 0, t.data(), 0, values.length);
        }
        if (extra.isEmpty()) {
            return List.of();
        }
        return List.of(file + ": ignored " + extra.size() + " tensor" + (extra.size() == 1 ? "" : "s")
                + " the model does not have: " + String.join(", ", extra.subList(0, Math.min(extra.size(), LISTED)))
                + (extra.size() > LISTED ? ", ... and " + (extra.size() - LISTED) + " more" : ""));
    }

    /** Where the first NaN or infinity is and how many there are; null when every value is finite. */
    private static String nonFinite(float[] values) {
        int first = -1;
        int count = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                if (first < 0) {
                    first = i;
                }
                count++;
            }
        }
        return first < 0 ? null : count + " of " + values.length + " values are not finite (the first, at flat "
                + "index " + first + ", is " + values[first] + ")";
    }
}
