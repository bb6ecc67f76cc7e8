package dev.nnet.codegen.ptx.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Broken PTX gets a SimException, never another exception: the test kernels are mutated a few thousand ways (a
 * token dropped, doubled, swapped or replaced), then loaded and, where they load, launched on small buffers.
 */
class PtxSimMutationTest {
    private static final String[] REPLACEMENTS = {"%r1", "%rd1", "%f1", "%p1", "0", "-1", "0f7FC00000", "[%rd1]",
        "[cache+4]", ".u32", ".f32", "{%f1, %f2}", ";", ",", "]", "bra", "$L__done", "%tid.x", "_",
        "9999999999999999999"};

    private int launched;
    private int faulted;

    @Test
    void mutatedKernelsFailOnlyWithSimExceptions() {
        Random random = new Random(17);
        int loaded = 0;
        int refused = 0;
        for (String name : List.of("vector_add.ptx", "saxpy.ptx", "block_sum.ptx", "matmul_tiled.ptx",
                "warp_sum.ptx")) {
            String[] tokens = Ptxas.resource(name).split("(?<=[\\s,;\\[\\]{}])|(?=[\\s,;\\[\\]{}])");
            for (int trial = 0; trial < 400; trial++) {
                String mutant = mutate(tokens, random);
                try {
                    SimModule module = PtxSim.load(mutant).withStepLimit(200_000);
                    loaded++;
                    for (String entry : module.entries()) {
                        launch(module, entry);
                    }
                } catch (SimException expected) {
                    refused++;
                } catch (RuntimeException | StackOverflowError e) {
                    fail("a mutant of " + name + " threw " + e + " instead of a SimException:\n" + mutant, e);
                }
            }
        }
        assertTrue(loaded > 100 && refused > 100 && launched > 100 && faulted > 10,
                "mutants load and are refused, run and fault: " + loaded + " / " + refused + ", " + launched + " / "
                        + faulted);
    }

    /** Launches with arguments of the parameters' types: 256-float buffers, n = 100, a = 1.5. */
    private void launch(SimModule module, String entry) {
        List<Object> args = new ArrayList<>();
        for (Kernel.Param p : module.kernel(entry).params()) {
            args.add(p.type().isFloat() ? (Object) 1.5f : p.type().bits == 64 ? SimBuffer.zeros(256) : (Object) 100);
        }
        try {
            module.launch(entry, Dim3.of(2), Dim3.of(64), args.toArray());
            launched++;
        } catch (SimException faultIsFine) {
            faulted++;
        }
    }

    private static String mutate(String[] tokens, Random random) {
        List<String> out = new ArrayList<>(List.of(tokens));
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(out.size());
            switch (random.nextInt(4)) {
                case 0 -> out.remove(at);
                case 1 -> out.add(at, out.get(at));
                case 2 -> {
                    int other = random.nextInt(out.size());
                    String t = out.get(at);
                    out.set(at, out.get(other));
                    out.set(other, t);
                }
                default -> out.set(at, REPLACEMENTS[random.nextInt(REPLACEMENTS.length)]);
            }
        }
        return String.join("", out);
    }
}
