package dev.atelier.plugin.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir Path dir;

    private long filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    @Test void createsMissingFoldersAndWritesTheWholeFile() throws Exception {
        Path target = dir.resolve("a/b/c.txt");
        AtomicFile.write(target, false, out -> out.write("hello".getBytes()));
        assertEquals("hello", Files.readString(target));
        assertEquals(1, filesIn(target.getParent()), "no temporary file left beside it");
    }

    @Test void anExistingFileIsKeptUnlessOverwriteIsAsked() throws Exception {
        Path target = Files.writeString(dir.resolve("x.txt"), "old");
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> AtomicFile.write(target, false, out -> out.write("new".getBytes())));
        assertTrue(e.getMessage().contains("overwrite: true"), e.getMessage());
        assertEquals("old", Files.readString(target));
        AtomicFile.write(target, true, out -> out.write("new".getBytes()));
        assertEquals("new", Files.readString(target));
    }

    @Test void aFailureHalfWayLeavesNothingBehind() throws Exception {
        Path target = dir.resolve("half.png");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(target, false, out -> {
            out.write(new byte[100_000]);
            throw new IOException("encoder broke");
        }));
        assertEquals("cannot write " + target + ": encoder broke", e.getMessage());
        assertFalse(Files.exists(target));
        assertEquals(0, filesIn(dir), "no half-written or temporary file");
    }

    @Test void aFullDiskIsNamedWithTheFile() throws Exception {
        Path target = dir.resolve("full.png");
        // what ImageIO's PNG writer throws on ENOSPC: a bare message, the cause underneath
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(target, false, out -> {
            throw new javax.imageio.IIOException("I/O error writing PNG file!", new IOException("No space left on device"));
        }));
        assertTrue(e.getMessage().startsWith("cannot write " + target + ": no space left on the disk"), e.getMessage());
        assertEquals(0, filesIn(dir));
    }

    @Test void partsLeftByAKilledRunAreRemovedByTheNextWrite() throws Exception {
        Path target = dir.resolve("kept.png");
        // a process id that cannot be alive, the name of an old-style part, and one of this (live) process
        Path dead = Files.writeString(dir.resolve(".kept.png." + Long.MAX_VALUE + ".123.part"), "half");
        Path old = Files.writeString(dir.resolve(".kept.png12345.part"), "half");
        Path live = Files.writeString(dir.resolve(".kept.png." + ProcessHandle.current().pid() + ".9.part"), "mine");
        AtomicFile.write(target, false, out -> out.write(1));
        assertFalse(Files.exists(dead));
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(live), "a part of a running writer stays");
        assertTrue(Files.exists(target));
    }

    @Test void aFolderThatIsAFileIsAClearError() throws Exception {
        Files.writeString(dir.resolve("out"), "i am a file");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(dir.resolve("out/x.png"), false, out -> { }));
        assertTrue(e.getMessage().contains("is a file") && e.getMessage().contains("choose another output path"), e.getMessage());
    }

    @Test void aReadOnlyFolderIsAClearError() throws Exception {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        assertTrue(ro.toFile().setWritable(false, false));
        try {
            // root may write anywhere; the error case only exists for ordinary users
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(ro), "running as root: permissions are not enforced");
            IOException e = assertThrows(IOException.class, () -> AtomicFile.write(ro.resolve("x.png"), false, out -> { }));
            assertTrue(e.getMessage().contains("not writable") || e.getMessage().contains("permission denied"), e.getMessage());
        } finally {
            ro.toFile().setWritable(true, false);
        }
    }
}
