package dev.atelier.test.e2e;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Gogo shell on a real terminal: {@code script} (util-linux) gives the host a pseudo-terminal, the test
 * types keys and reads the screen, as a person at the prompt would.
 */
final class ShellOnPty implements AutoCloseable {
    private final Process process;
    private final OutputStream keys;
    private final InputStream screen;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

    /** Starts {@code command} (one shell command line) under script, in {@code dir}, and waits until Atelier's commands answer. */
    ShellOnPty(String command, Path dir) throws Exception {
        process = new ProcessBuilder("/usr/bin/script", "-qfec", command, "/dev/null").directory(dir.toFile()).redirectErrorStream(true).start();
        keys = process.getOutputStream();
        screen = process.getInputStream();
        expect("g!", 60_000);
        // the prompt comes before the components are up (BUILD-NOTES pitfall 7): wait for the commands
        for (int tries = 0; ; tries++) {
            type("atelier:status\n");
            try {
                expect("workers:", 2_000);
                return;
            } catch (AssertionError notYet) {
                if (tries > 15) throw notYet;
            }
        }
    }

    /** A command line quoted for the shell script runs it through. */
    static String quoted(List<String> args) {
        StringBuilder line = new StringBuilder();
        for (String a : args) line.append('\'').append(a.replace("'", "'\\''")).append("' ");
        return line.toString();
    }

    void type(String text) throws Exception {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    void ctrlC() throws Exception {
        keys.write(3);
        keys.flush();
    }

    /** Reads the screen until {@code text} appears; everything seen so far is returned. */
    String expect(String text, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            while (screen.available() > 0) seen.write(screen.read());
            String s = seen.toString(StandardCharsets.UTF_8);
            if (s.contains(text)) return s;
            Thread.sleep(20);
        }
        throw new AssertionError("no '" + text + "' within " + millis + " ms in:\n" + seen.toString(StandardCharsets.UTF_8));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    boolean waitFor(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    String screen() {
        return seen.toString(StandardCharsets.UTF_8);
    }

    @Override public void close() {
        process.destroyForcibly();
    }
}
