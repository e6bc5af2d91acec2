package dev.atelier.plugin.deblock.internal;

import java.nio.file.Files;
import java.nio.file.Path;

/** What the deblocking commands share. */
final class Tools {
    private Tools() { }

    /** Whether a program (cjpeg, jpegqs) is on the PATH. */
    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) if (Files.isExecutable(Path.of(d, tool))) return true;
        return false;
    }
}
