package dev.nnet.codegen.ptx.sim;

/**
 * A one-kernel module around instructions under test: registers %p, %rs, %r, %rd, %f, %fd are declared, %out
 * points at a global buffer of result words. The module is assembled by ptxas first, so each probe is real PTX.
 */
final class Probe {
    private Probe() {
    }

    static String module(String body) {
        return """
                .version 8.0
                .target sm_80
                .address_size 64

                .visible .entry probe(.param .u64 out_param)
                {
                    .reg .pred %p<16>;
                    .reg .b16 %rs<16>;
                    .reg .b32 %r<32>;
                    .reg .b64 %rd<16>;
                    .reg .f32 %f<32>;
                    .reg .f64 %fd<16>;
                    .reg .b64 %out;
                    ld.param.u64 %out, [out_param];
                    cvta.to.global.u64 %out, %out;
                """ + body.indent(4) + """
                    ret;
                }
                """;
    }

    /** Runs the body in one thread and returns the first {@code words} 32-bit words of the result buffer. */
    static int[] run(String name, String body, int words) {
        return runIn(name, body, words, Dim3.of(1), Dim3.of(1));
    }

    static int[] runIn(String name, String body, int words, Dim3 grid, Dim3 block) {
        String ptx = module(body);
        Ptxas.assertAssembles(name, ptx);
        SimBuffer out = SimBuffer.zeros(words);
        PtxSim.load(ptx).launch("probe", grid, block, out);
        return out.ints();
    }

    static float[] floats(String name, String body, int words) {
        int[] bits = run(name, body, words);
        float[] values = new float[bits.length];
        for (int i = 0; i < bits.length; i++) {
            values[i] = Float.intBitsToFloat(bits[i]);
        }
        return values;
    }

    /** The PTX spelling of a float immediate, exact to the bit. */
    static String f32(float value) {
        return String.format("0f%08X", Float.floatToRawIntBits(value));
    }
}
