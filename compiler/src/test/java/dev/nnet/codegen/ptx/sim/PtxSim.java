package dev.nnet.codegen.ptx.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PTX interpreter for tests: runs the kernels the PTX backend emits on the CPU, so their numbers can be compared
 * with the Java backend's where no GPU is. Usage:
 * <pre>{@code
 * SimModule module = PtxSim.load(ptx);
 * SimBuffer x = SimBuffer.of(xs), y = SimBuffer.zeros(n);
 * module.launch("scale", Dim3.of(blocks), Dim3.of(256), x, y, 2f, n);
 * float[] result = y.floats();
 * }</pre>
 * Parsing and decoding happen once here; launches run decoded instructions.
 */
public final class PtxSim {
    private PtxSim() {
    }

    /** Parses and decodes a PTX module; throws {@link SimException} naming the line of anything it cannot run. */
    public static SimModule load(String ptx) {
        PtxAst.Module module = PtxParser.parse(ptx);
        Map<String, Kernel> kernels = new LinkedHashMap<>();
        for (PtxAst.Kernel kernel : module.kernels()) {
            if (kernels.put(kernel.name(), Decoder.decode(kernel, module.moduleShared())) != null) {
                throw new SimException("PTX line " + kernel.line() + ": a second kernel named " + kernel.name());
            }
        }
        return new SimModule(kernels, ptx.split("\n", -1));
    }
}
