package dev.nnet.codegen.ptx;

import com.palantir.javapoet.JavaFile;
import dev.nnet.codegen.java.JavaBackend;
import dev.nnet.codegen.ptx.sim.Dim3;
import dev.nnet.codegen.ptx.sim.PtxSim;
import dev.nnet.codegen.ptx.sim.SimBuffer;
import dev.nnet.codegen.ptx.sim.SimModule;
import dev.nnet.lower.LoweredProgram;
import dev.nnet.run.ClassCache;
import dev.nnet.runtime.Batch;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A train block's PTX module run in the PTX interpreter exactly as the generated host class runs it on a GPU (the
 * same launch plan, buffers, grids and per-step arguments; the tiled-GEMM path), next to the Java backend's CPU
 * trainer of the same block, so the two can be compared step by step.
 */
final class SimulatedTrainer {
    final PtxModule module;
    final CompiledTrainer cpu;
    private final SimModule sim;
    private final Map<String, SimBuffer> buffers = new HashMap<>();
    private final int maxBatch;
    private long steps;

    SimulatedTrainer(LoweredProgram program, int maxBatch, Path work) throws Exception {
        this.maxBatch = maxBatch;
        this.module = PtxBackend.trainModule(program, program.trains().get(0));
        this.sim = PtxSim.load(module.text());
        List<JavaFile> files = JavaBackend.generate(program, "nnet.generated");
        String name = files.stream().map(f -> f.typeSpec().name()).filter(n -> n.endsWith("Trainer")).findFirst()
                .orElseThrow();
        Class<?> c = ClassCache.load(files, work).loadClass("nnet.generated." + name);
        this.cpu = (CompiledTrainer) c.getConstructor(int.class).newInstance(maxBatch);
        for (DeviceBuffer b : module.buffers()) {
            int capacity = (int) (b.capacity().perSample() * maxBatch + b.capacity().fixed());
            buffers.put(b.key(), b.ints() ? SimBuffer.ints(new int[capacity]) : SimBuffer.zeros(capacity));
        }
    }

    /** Initializes the CPU trainer and copies its parameters and optimizer state to the simulated device. */
    void initialize(long seed) {
        cpu.initialize(new Rng(seed));
        for (DeviceBuffer b : module.buffers()) {
            Tensor t = tensor(b);
            if (t != null) {
                buffers.get(b.key()).write(t.data());
            }
        }
    }

    private Tensor tensor(DeviceBuffer b) {
        List<Tensor> all = new ArrayList<>(cpu.parameters());
        all.addAll(cpu.optimizerState());
        return all.stream().filter(t -> t.name().equals(b.tensor()) && (b.kind() == DeviceBuffer.Kind.PARAMETER
                || b.kind() == DeviceBuffer.Kind.STATE)).findFirst().orElse(null);
    }

    /** One training step on the simulated device; returns the loss it computed. */
    float trainStep(Batch batch, Rng rng) {
        upload(batch);
        long step = ++steps;
        for (PtxModule.Mask m : module.masks().getOrDefault(PtxBackend.TRAIN, List.of())) {
            int count = (int) (m.count().perSample() * batch.n + m.count().fixed());
            float[] mask = new float[count];
            for (int i = 0; i < count; i++) {
                mask[i] = rng.nextFloat() < m.p() ? 0f : 1f / (1f - m.p());
            }
            buffers.get(m.buffer().key()).write(mask);
        }
        run(PtxBackend.TRAIN, batch.n, step);
        run(PtxBackend.LOSS_SUM, batch.n, step);
        return buffers.get(module.outputs().get("train.loss").key()).floats()[0];
    }

    /** The evaluation graph's loss on the simulated device. */
    float evalLoss(Batch batch) {
        upload(batch);
        run(PtxBackend.EVAL, batch.n, steps);
        return buffers.get(module.outputs().get("eval.loss").key()).floats()[0];
    }

    /** The double the loss-sum kernel accumulated, from its two floats. */
    double lossSum() {
        float[] two = buffers.get("work:lossSum").floats();
        long bits = ((long) Float.floatToRawIntBits(two[1]) << 32) | (Float.floatToRawIntBits(two[0]) & 0xffffffffL);
        return Double.longBitsToDouble(bits);
    }

    /** Each parameter and optimizer-state tensor by name: {simulated device, CPU}. */
    Map<String, float[][]> compareState() {
        Map<String, float[][]> out = new java.util.TreeMap<>();
        for (DeviceBuffer b : module.buffers()) {
            Tensor t = tensor(b);
            if (t != null) {
                float[] device = java.util.Arrays.copyOf(buffers.get(b.key()).floats(), t.data().length);
                out.put(b.tensor(), new float[][] {device, t.data()});
            }
        }
        return out;
    }

    private void upload(Batch batch) {
        for (DeviceBuffer b : module.buffers()) {
            int capacity = (int) (b.capacity().perSample() * maxBatch + b.capacity().fixed());
            if (b.kind() == DeviceBuffer.Kind.INPUT) {
                buffers.put(b.key(), SimBuffer.of(java.util.Arrays.copyOf(batch.x, capacity)));
            } else if (b.kind() == DeviceBuffer.Kind.TARGET) {
                buffers.put(b.key(), b.ints() ? SimBuffer.ints(java.util.Arrays.copyOf(batch.yInt, capacity))
                        : SimBuffer.of(java.util.Arrays.copyOf(batch.yFloat, capacity)));
            }
        }
    }

    private void run(String role, int n, long step) {
        for (Launch l : module.launches().getOrDefault(role, List.of())) {
            List<Object> args = new ArrayList<>(List.of(n));
            for (Launch.Arg a : l.args()) {
                if (a instanceof Launch.Arg.Buffer b) {
                    args.add(buffers.get(b.buffer().key()));
                } else if (a instanceof Launch.Arg.IntValue v) {
                    args.add((int) v.value().at(n, step));
                } else {
                    args.add((float) ((Launch.Arg.FloatValue) a).value().at(n, step));
                }
            }
            Launch.Grid g = l.grid();
            sim.launch(l.kernel(), Dim3.of(blocks(g.x(), g.divX(), n), blocks(g.y(), g.divY(), n),
                    blocks(g.z(), g.divZ(), n)), Dim3.of(g.threads()), args.toArray());
        }
    }

    private static int blocks(Size s, int per, int n) {
        long count = s.perSample() * n + s.fixed();
        return (int) Math.max(1, (count + per - 1) / per);
    }
}
