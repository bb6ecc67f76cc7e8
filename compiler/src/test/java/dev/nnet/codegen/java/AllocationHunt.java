package dev.nnet.codegen.java;

import dev.nnet.runtime.Rng;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * RecurrentAllocationTest's model and steps as a main, for running in many fresh JVMs (under JFR or a compile log)
 * to see which windows of warm steps allocate. Prints the bytes of each window of 50 steps; exits 3 when the last
 * window allocated. With the Vector API, a kernel C2 compiles late allocates every vector until then; to make that
 * happen on every run, delay one kernel's compilation:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Dnnet.threads=2 -XX:CompileCommand=quiet \
 *     -XX:CompileCommand=CompileThresholdScaling,dev.nnet.kernels.NarrowVectorKernel::tile8,10.0 \
 *     -cp ... dev.nnet.codegen.java.AllocationHunt [WARM_STEPS] [WINDOWS]
 * </pre>
 */
final class AllocationHunt {
    private AllocationHunt() {
    }

    public static void main(String[] args) throws Exception {
        int warm = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int windows = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path work = Files.createTempDirectory("alloc-hunt");
        GeneratedModel m = GeneratedModel.load("names.nnet", RecurrentAllocationTest.PROGRAM, work, 3);
        m.trainer.initialize(new Rng(4));
        float[] x = {1, 2, 3, 4, 4, 5, 0, 0, 0, 1, 6, 7, 1, 0, 3};
        float[] dOut = {0.5f, -1f, 0.25f, 1f, 0f, -0.5f, 2f, 1f, -1f};
        Rng rng = new Rng(1);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warm; i++) {
            m.forward(3, x, rng);
            m.backward(3, dOut);
        }
        long[] bytes = new long[windows];
        for (int window = 0; window < windows; window++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 50; i++) {
                m.forward(3, x, rng);
                m.backward(3, dOut);
            }
            bytes[window] = threads.getCurrentThreadAllocatedBytes() - before;
        }
        StringBuilder line = new StringBuilder("windows:");
        for (long b : bytes) {
            line.append(' ').append(b);
        }
        System.out.println(line);
        System.exit(bytes[windows - 1] != 0 ? 3 : 0);
    }
}
