package dev.atelier.test.grbl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A pseudo-terminal pair made by socat (Debian package socat): the host opens one end, the device the other. */
public final class Pty implements AutoCloseable {
    public final Path host, device;
    private final Process socat;

    public Pty(Path dir) throws IOException, InterruptedException {
        host = dir.resolve("ttyHOST");
        device = dir.resolve("ttyDEV");
        socat = new ProcessBuilder("socat", "-t0", "pty,raw,echo=0,link=" + host, "pty,raw,echo=0,link=" + device)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!(Files.exists(host) && Files.exists(device))) {
            if (!socat.isAlive()) throw new IOException("socat exited: " + Files.readString(dir.resolve("socat.log")));
            if (System.nanoTime() > deadline) throw new IOException("socat made no pseudo-terminals in 5 s");
            Thread.sleep(10);
        }
    }

    public static boolean socatInstalled() {
        try {
            return new ProcessBuilder("socat", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Override public void close() throws InterruptedException {
        socat.destroy();
        socat.waitFor();
    }
}
