package dev.nnet.cli;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.check.TypedTrain;
import dev.nnet.codegen.onnx.OnnxBackend;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Param;
import dev.nnet.lower.LoweredProgram;
import dev.nnet.lower.LoweringException;
import dev.nnet.lower.Pipeline;
import dev.nnet.runtime.Tensor;
import dev.nnet.runtime.io.Checkpoint;
import dev.nnet.runtime.io.CheckpointException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nnetc export --onnx OUT FILE [--weights CKPT] [--model NAME]}: a model's inference graph with trained
 * weights as an ONNX model (opset 17) that ONNX Runtime and other tools serve; the batch stays symbolic.
 */
@Command(name = "export", description = "Export a model with trained weights as ONNX (opset 17).")
final class ExportCommand extends BaseCommand {
    @Parameters(paramLabel = "FILE", description = "Source file (.nnet).")
    String file;

    @Option(names = "--onnx", paramLabel = "OUT", required = true, description = "The .onnx file to write.")
    Path onnx;

    @Option(names = "--weights", paramLabel = "CKPT",
            description = "Safetensors weights (a checkpoint of `nnet train`, or a PyTorch state_dict); default: the "
                    + "train block's checkpoint.")
    Path weights;

    @Option(names = "--model", paramLabel = "NAME", description = "The model to export (default: the first).")
    String model;

    @Mixin
    ColorOption color;

    @Override
    int run() {
        Compilation c = Driver.compile(Inputs.read(file));
        printHuman(c.source(), c.diagnostics(), color.enabled());
        if (c.hasErrors()) {
            return 1;
        }
        LoweredProgram lowered;
        try {
            lowered = Pipeline.lower(c);
        } catch (LoweringException e) {
            return unsupported(c.source(), e, color.enabled());
        }
        LoweredProgram.Model m = chooseModel(lowered);
        Path from = weightsPath(c, m);
        Map<String, float[]> values = load(from, m);
        byte[] bytes;
        try {
            bytes = OnnxBackend.export(m, values, c.source().path().replaceAll(".*[/\\\\]", ""));
        } catch (UnsupportedOperationException e) {
            throw new UsageException("cannot export `" + m.model().name() + "` to ONNX: " + e.getMessage());
        }
        write(bytes);
        out().println("wrote " + onnx + " (model `" + m.model().name() + "`, " + values.size() + " tensors from "
                + from + ", ONNX opset 17)");
        return 0;
    }

    private LoweredProgram.Model chooseModel(LoweredProgram lowered) {
        if (model == null) {
            return lowered.models().get(0);
        }
        return lowered.models().stream().filter(x -> x.model().name().equals(model)).findFirst()
                .orElseThrow(() -> new UsageException("no model `" + model + "` in " + file + "; it has "
                        + String.join(", ", lowered.models().stream().map(x -> x.model().name()).toList())));
    }

    /** {@code --weights}, else the checkpoint of the model's train block. */
    private Path weightsPath(Compilation c, LoweredProgram.Model m) {
        Path path = weights;
        if (path == null) {
            path = c.typed().trains().stream().filter(t -> t.model().equals(m.model().name()))
                    .map(TypedTrain::settings).map(s -> s.checkpoint()).filter(p -> p != null).findFirst()
                    .map(Path::of).orElse(null);
        }
        if (path == null) {
            throw new UsageException("no weights to export: pass --weights F, a checkpoint written by `nnet train "
                    + file + " --checkpoint F` or a safetensors file with PyTorch's state_dict names");
        }
        if (!Files.isRegularFile(path)) {
            throw new UsageException("weights file " + path + " does not exist" + (weights == null
                    ? " (it is the train block's checkpoint; run `nnet train " + file + "` first, or pass --weights F)"
                    : ""));
        }
        return path;
    }

    /** The model's parameters from the weights file, checked by name, shape and type. */
    private Map<String, float[]> load(Path from, LoweredProgram.Model m) {
        List<Tensor> targets = new ArrayList<>();
        for (Node n : m.predict().graph().nodes()) {
            if (n.op() instanceof Param p) {
                int[] shape = n.type().dims().stream().mapToInt(d -> Math.toIntExact(d.constantTerm())).toArray();
                targets.add(new Tensor(p.stateName(), shape));
            }
        }
        try {
            Checkpoint.loadInto(from, targets, false);
        } catch (CheckpointException e) {
            throw new UsageException(e.getMessage());
        }
        Map<String, float[]> values = new LinkedHashMap<>();
        targets.forEach(t -> values.put(t.name(), t.data()));
        return values;
    }

    /** Through a temporary file and a rename, so a failure never leaves half a model. */
    private void write(byte[] bytes) {
        Path target = onnx.toAbsolutePath();
        try {
            Path dir = target.getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve(target.getFileName() + ".tmp");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UsageException("cannot write " + onnx + ": " + e.getMessage());
        }
    }
}
