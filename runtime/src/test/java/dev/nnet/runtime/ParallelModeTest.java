package dev.nnet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.train.TrainingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code -Dnnet.parallel} overrides a trainer's compiled threading mode, and a misspelt value says what it takes. */
class ParallelModeTest {
    @AfterEach
    void clear() {
        System.clearProperty(ParallelMode.PROPERTY);
    }

    @Test
    void unsetKeepsTheCompiledChoice() {
        assertTrue(ParallelMode.splitBatch(true));
        assertFalse(ParallelMode.splitBatch(false));
    }

    @Test
    void batchAndOpsOverrideIt() {
        System.setProperty(ParallelMode.PROPERTY, "batch");
        assertTrue(ParallelMode.splitBatch(false));
        System.setProperty(ParallelMode.PROPERTY, " OPS ");
        assertFalse(ParallelMode.splitBatch(true));
    }

    @Test
    void anythingElseIsAClearError() {
        System.setProperty(ParallelMode.PROPERTY, "batches");
        TrainingException e = assertThrows(TrainingException.class,
                () -> ParallelMode.splitBatch(true));
        assertEquals("system property nnet.parallel is 'batches'; it must be 'batch' (each thread trains on its share "
                + "of the batch) or 'ops' (each kernel splits its work), or unset for the network's compiled choice",
                e.getMessage());
    }
}
