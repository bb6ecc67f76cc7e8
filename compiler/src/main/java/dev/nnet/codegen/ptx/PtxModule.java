package dev.nnet.codegen.ptx;

import java.util.List;
import java.util.Map;

/**
 * One PTX module and what the host needs to run it: for each graph (by role: {@code train}, {@code eval},
 * {@code predict}) its launches in order and the dropout masks it reads, every device buffer, and the buffers of
 * the graphs' outputs by {@code role.output} ({@code train.loss}, {@code eval.output}, {@code eval.loss}).
 */
public record PtxModule(String name, String text, Map<String, List<Launch>> launches, List<DeviceBuffer> buffers,
                        Map<String, List<Mask>> masks, Map<String, DeviceBuffer> outputs) {
    /** A mask the host draws for one dropout node: {@code count} values, 0 with probability p, else 1/(1-p). */
    record Mask(DeviceBuffer buffer, float p, Size count) {
    }

    /** The kernel entry names, in module order. */
    public List<String> kernelNames() {
        return launches.values().stream().flatMap(List::stream)
                .flatMap(l -> java.util.stream.Stream.concat(java.util.stream.Stream.of(l), l.afterBlas().stream()))
                .map(Launch::kernel).distinct().toList();
    }
}
