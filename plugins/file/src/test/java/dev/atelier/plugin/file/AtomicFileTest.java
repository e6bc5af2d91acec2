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
        assertEquals("encoder broke", e.getMessage());
        assertFalse(Files.exists(target));
        assertEquals(0, filesIn(dir), "no half-written or temporary file");
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
