package dev.nnet.codegen.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.ir.op.IrOp;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The Java backend's table covers every IR op record: adding an op without a renderer fails here. */
class OpRenderersTest {
    /** Every record reachable through the sealed {@link IrOp} hierarchy. */
    static Set<Class<?>> irOpRecords() {
        Set<Class<?>> records = new java.util.HashSet<>();
        Deque<Class<?>> work = new ArrayDeque<>(Set.of(IrOp.class));
        while (!work.isEmpty()) {
            Class<?> c = work.pop();
            if (c.isRecord()) {
                records.add(c);
            } else {
                assertTrue(c.isSealed(), c + " must be sealed, so every op is known");
                work.addAll(Set.of(c.getPermittedSubclasses()));
            }
        }
        return records;
    }

    @Test
    void everyIrOpRecordHasAJavaRenderer() {
        Set<String> missing = new TreeSet<>();
        for (Class<?> c : irOpRecords()) {
            if (!OpRenderers.covered().contains(c)) {
                missing.add(c.getSimpleName());
            }
        }
        assertEquals(Set.of(), missing, "IR ops without a Java renderer in OpRenderers");
        assertEquals(irOpRecords().size(), OpRenderers.covered().size(), "OpRenderers lists a class that is no op");
    }
}
