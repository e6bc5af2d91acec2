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
        removeStaleParts(dir, target);
        Path tmp;
        try {
            // the writer's process id in the name: a later write can tell a dead run's leftover from a live one's
            tmp = Files.createTempFile(dir, partPrefix(target) + ProcessHandle.current().pid() + ".", ".part");
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
            } catch (IOException e) {
                throw explained(target, dir, e);
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

    private static String partPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    /** Removes the temporary files of earlier writes of this target by processes that no longer run (a kill -9). */
    static void removeStaleParts(Path dir, Path target) {
        String prefix = "." + target.getFileName();
        try (java.nio.file.DirectoryStream<Path> parts = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".part");
        })) {
            for (Path part : parts) {
                String rest = part.getFileName().toString();
                rest = rest.substring(prefix.length(), rest.length() - ".part".length());
                long pid;
                if (rest.matches("\\.[0-9]+\\.[0-9]+")) {
                    pid = Long.parseLong(rest.substring(1, rest.indexOf('.', 1)));
                } else if (rest.matches("[0-9]+")) {
                    pid = -1; // an older Atelier's name, without the process id
                } else {
                    continue; // not one of ours
                }
                if (pid == ProcessHandle.current().pid() || (pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))) continue;
                Files.deleteIfExists(part);
            }
        } catch (IOException | RuntimeException ignored) {
            // leftovers are untidy, not harmful: the write goes on
        }
    }

    /** The writer's error with its real cause (ImageIO says only "I/O error writing PNG file!"), and a full disk named. */
    private static IOException explained(Path target, Path dir, IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String cause = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        long free = -1;
        try {
            free = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException | RuntimeException ignored) {
            // unknown
        }
        boolean full = cause.toLowerCase(java.util.Locale.ROOT).contains("no space") || (free >= 0 && free < (1 << 20));
        String message = "cannot write " + target + ": " + (full ? "no space left on the disk (" + free + " bytes free in " + dir
                + "); free some space or choose another output folder" : cause);
        return new IOException(message, e);
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
