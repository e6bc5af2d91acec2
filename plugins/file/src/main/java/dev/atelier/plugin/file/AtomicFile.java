package dev.atelier.plugin.file;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that readers see either nothing or the whole file: the bytes go to a hidden
 * temporary file beside the target, which is renamed into place once complete and flushed. A
 * failure at any point removes the temporary file.
 */
public final class AtomicFile {
    /** Writes the content to a stream. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() { }

    public static void write(Path target, boolean overwrite, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        prepareFolder(dir, target);
        if (!overwrite && Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null,
                    "already exists and is kept; set overwrite: true on this output, or choose another path");
        }
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
            // createTempFile makes the file private (0600); results are ordinary files others may read
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // keep the file system's default
            }
        } catch (AccessDeniedException e) {
            throw new IOException("cannot write in folder " + dir + ": permission denied; choose another output path", e);
        }
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(buffered);
                buffered.flush();
                channel.force(true);
            }
            if (overwrite) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                try {
                    // a hard link fails if the target appeared meanwhile: no check-then-write race
                    Files.createLink(target, tmp);
                } catch (UnsupportedOperationException | IOException linkFailed) {
                    if (linkFailed instanceof FileAlreadyExistsException) {
                        throw new FileAlreadyExistsException(target.toString(), null,
                                "already exists and is kept; set overwrite: true on this output, or choose another path");
                    }
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void prepareFolder(Path dir, Path target) throws IOException {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new NotDirectoryException(p + " is a file, so " + target + " cannot be written there; choose another output path");
                }
                break;
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot create folder " + dir + ": permission denied; choose another output path", e);
        }
        if (!Files.isWritable(dir)) {
            throw new IOException("folder " + dir + " is not writable; choose another output path or fix its permissions");
        }
    }
}
