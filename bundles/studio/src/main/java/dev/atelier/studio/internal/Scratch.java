package dev.atelier.studio.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Studio's scratch folder, where previews and the photos' reduced copies are written and read back at every
 * knob turn: in memory (/dev/shm) where the system has it, since the file output syncs what it writes to disk
 * (15 ms for a megapixel's BMP on this project's VM) and a preview is thrown away at once; the temporary folder
 * otherwise. Named with the host's process id, so a Studio that starts removes the folders of hosts that were
 * killed before they could; removed on close, or by a shutdown hook when the host ends on a signal without
 * deactivating the Studio.
 */
final class Scratch implements AutoCloseable {
    private static final Pattern OWNED = Pattern.compile("atelier-studio-(\\d+)-.*");

    private final Path folder;
    private final Thread cleanUp;

    private Scratch(Path folder) {
        this.folder = folder;
        cleanUp = new Thread(() -> deleteTree(folder), "atelier-studio-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanUp);
    }

    static Scratch create() throws IOException {
        Path shm = Path.of("/dev/shm");
        String prefix = "atelier-studio-" + ProcessHandle.current().pid() + "-";
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            removeLeftovers(shm);
            try {
                return new Scratch(Files.createTempDirectory(shm, prefix));
            } catch (IOException | SecurityException e) {
                // full or not ours: the temporary folder does
            }
        }
        return new Scratch(Files.createTempDirectory(prefix));
    }

    Path folder() {
        return folder;
    }

    @Override public void close() {
        deleteTree(folder);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanUp);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    /** Scratch folders of Studios whose process is gone: memory, in /dev/shm. */
    private static void removeLeftovers(Path shm) {
        try (Stream<Path> all = Files.list(shm)) {
            for (Path p : all.toList()) {
                Matcher m = OWNED.matcher(p.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) deleteTree(p);
            }
        } catch (IOException | RuntimeException e) {
            // another user's, or gone meanwhile: left alone
        }
    }

    private static void deleteTree(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        } catch (IOException | RuntimeException ignored) {
            // a temporary folder: the system cleans it in the end
        }
    }
}
