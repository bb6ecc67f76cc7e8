package dev.nnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The work folders of killed runs are swept by the next run; those of live runs, and others' folders, stay. */
class WorkFoldersTest {
    @TempDir
    Path tmp;

    /** The id of a process that has ended. */
    static long deadPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void foldersOfEndedProcessesAreDeleted() throws Exception {
        Path dead = Files.createDirectories(tmp.resolve("nnet-" + deadPid() + "-123/nnet/generated"));
        Files.writeString(dead.resolve("Net.java"), "class Net {}");
        Path live = Files.createDirectory(tmp.resolve("nnet-" + ProcessHandle.current().pid() + "-456"));
        Path foreign = Files.createDirectory(tmp.resolve("nnet-7890123"));
        assertEquals(1, WorkFolders.sweep(tmp));
        assertFalse(Files.exists(tmp.resolve("nnet-" + dead.getParent().getParent().getFileName())));
        assertTrue(Files.isDirectory(live));
        assertTrue(Files.isDirectory(foreign));
    }
}
