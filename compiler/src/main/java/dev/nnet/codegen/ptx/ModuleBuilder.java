package dev.nnet.codegen.ptx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Collects the kernels, buffers and launches of the graphs that make one module. */
final class ModuleBuilder {
    private final String name;
    private final List<String> header;
    private final StringBuilder kernels = new StringBuilder();
    private final Set<String> kernelNames = new HashSet<>();
    private final Map<String, DeviceBuffer> buffers = new LinkedHashMap<>();
    private final Map<String, List<Launch>> launches = new LinkedHashMap<>();
    private final Map<String, List<PtxModule.Mask>> masks = new LinkedHashMap<>();
    private final Map<String, DeviceBuffer> outputs = new LinkedHashMap<>();

    ModuleBuilder(String name, List<String> header) {
        this.name = name;
        this.header = header;
    }

    /** A kernel name not used yet in this module. */
    String kernelName(String wanted) {
        String clean = wanted.replace("d(", "d_").replaceAll("[^A-Za-z0-9_]", "_").replaceAll("_+", "_")
                .replaceAll("_$", "");
        String n = clean;
        for (int i = 2; !kernelNames.add(n); i++) {
            n = clean + "_" + i;
        }
        return n;
    }

    void add(Kernel k) {
        kernels.append('\n').append(k.text());
    }

    /** The buffer registered under {@code b.key()}, growing its capacity to cover {@code b}'s. */
    DeviceBuffer buffer(DeviceBuffer b) {
        DeviceBuffer old = buffers.get(b.key());
        if (old == null) {
            buffers.put(b.key(), b);
            return b;
        }
        if (old.capacity().perSample() >= b.capacity().perSample() && old.capacity().fixed() >= b.capacity().fixed()) {
            return old;
        }
        Size grown = new Size(Math.max(old.capacity().perSample(), b.capacity().perSample()),
                Math.max(old.capacity().fixed(), b.capacity().fixed()));
        DeviceBuffer g = new DeviceBuffer(old.key(), old.hint(), old.kind(), old.ints(), grown, old.tensor());
        buffers.put(b.key(), g);
        return g;
    }

    List<Launch> launches(String role) {
        return launches.computeIfAbsent(role, r -> new ArrayList<>());
    }

    List<PtxModule.Mask> masks(String role) {
        return masks.computeIfAbsent(role, r -> new ArrayList<>());
    }

    void output(String role, String name, DeviceBuffer b) {
        outputs.put(role + "." + name, b);
    }

    PtxModule build() {
        StringBuilder text = new StringBuilder();
        for (String line : header) {
            text.append("// ").append(line).append('\n');
        }
        text.append("\n.version 8.0\n.target sm_80\n.address_size 64\n").append(kernels);
        // Launches hold the buffers as first registered; the host allocates each key once at its final capacity.
        Map<String, List<Launch>> finalLaunches = new LinkedHashMap<>();
        launches.forEach((role, list) -> finalLaunches.put(role, list.stream().map(this::resolve).toList()));
        Map<String, DeviceBuffer> finalOutputs = new LinkedHashMap<>();
        outputs.forEach((key, b) -> finalOutputs.put(key, buffers.get(b.key())));
        Map<String, List<PtxModule.Mask>> finalMasks = new LinkedHashMap<>();
        masks.forEach((role, list) -> finalMasks.put(role, list.stream().map(m -> new PtxModule.Mask(
                buffers.get(m.buffer().key()), m.p(), m.count())).toList()));
        return new PtxModule(name, text.toString(), finalLaunches, List.copyOf(buffers.values()), finalMasks,
                finalOutputs);
    }

    private Launch resolve(Launch l) {
        List<Launch.Arg> args = l.args().stream().map(a -> a instanceof Launch.Arg.Buffer b
                ? (Launch.Arg) new Launch.Arg.Buffer(buffers.get(b.buffer().key())) : a).toList();
        Launch.Blas blas = l.blas() == null ? null : new Launch.Blas(l.blas().transA(), l.blas().transB(),
                l.blas().m(), l.blas().n(), l.blas().k(), buffers.get(l.blas().a().key()), l.blas().lda(),
                buffers.get(l.blas().b().key()), l.blas().ldb(), l.blas().beta(), buffers.get(l.blas().c().key()),
                l.blas().ldc());
        return new Launch(l.kernel(), args, l.grid(), l.comment(), blas, l.afterBlas().stream().map(this::resolve)
                .toList());
    }
}
