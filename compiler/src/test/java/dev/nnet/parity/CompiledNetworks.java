package dev.nnet.parity;

import dev.nnet.run.RunException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parity trainers of every network, compiled with one javac run for all of them (javac's start-up would
 * otherwise be most of the parity test's time). A network whose sample or generated Java does not compile fails
 * only its own cases.
 */
final class CompiledNetworks {
    private final Map<String, ParityTrainers> compiled = new HashMap<>();
    private final Map<String, Throwable> failures = new HashMap<>();

    static CompiledNetworks compile(List<ParityTrainers.Request> requests, Path workDir) {
        CompiledNetworks out = new CompiledNetworks();
        List<ParityTrainers.Generated> generated = new ArrayList<>();
        for (ParityTrainers.Request r : requests) {
            try {
                generated.add(ParityTrainers.generate(r, "nnet.parity." + r.stem().replaceAll("[^A-Za-z0-9]", "_")));
            } catch (AssertionError | RuntimeException e) {
                out.failures.put(r.stem(), e);
            }
        }
        if (generated.isEmpty()) {
            return out; // every network failed before javac, which refuses an empty source list
        }
        try {
            ClassLoader loader = ParityTrainers.javac(generated, workDir.resolve("all"));
            generated.forEach(g -> out.compiled.put(g.request().stem(), g.load(loader)));
        } catch (RunException e) {
            // Some network's Java does not compile: compile each alone to tell which.
            for (ParityTrainers.Generated g : generated) {
                try {
                    out.compiled.put(g.request().stem(),
                            g.load(ParityTrainers.javac(List.of(g), workDir.resolve(g.request().stem()))));
                } catch (RunException each) {
                    out.failures.put(g.request().stem(), each);
                }
            }
        }
        return out;
    }

    /** The network's trainers; throws why it did not compile. */
    ParityTrainers get(String stem) {
        Throwable failure = failures.get(stem);
        if (failure != null) {
            throw new AssertionError(stem + ": " + failure.getMessage(), failure);
        }
        ParityTrainers trainers = compiled.get(stem);
        if (trainers == null) {
            throw new IllegalStateException(stem + " was not compiled");
        }
        return trainers;
    }
}
