package dev.atelier.studio.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The scratch folder: in memory where /dev/shm is, a killed host's folder removed by the next Studio, nothing left on close. */
class ScratchTest {
    @Test void aDeadHostsFolderGoesALiveOnesStaysAndCloseLeavesNothing() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no writable /dev/shm here");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path dead = Files.createDirectories(shm.resolve("atelier-studio-" + gone.pid() + "-test"));
        Files.writeString(dead.resolve("preview-1.bmp"), "x");
        Path live = Files.createDirectories(shm.resolve("atelier-studio-" + ProcessHandle.current().pid() + "-test"));
        try (Scratch s = Scratch.create()) {
            assertTrue(s.folder().startsWith(shm), "in memory: " + s.folder());
            assertFalse(Files.exists(dead), "the folder of a process that is gone is removed");
            assertTrue(Files.exists(live), "a running host's folder stays");
            Files.createDirectories(s.folder().resolve("input-1")).resolve("chelsea.bmp").toFile().createNewFile();
            s.close();
            assertFalse(Files.exists(s.folder()), "closed: nothing left");
        } finally {
            Files.deleteIfExists(live);
        }
    }
}
