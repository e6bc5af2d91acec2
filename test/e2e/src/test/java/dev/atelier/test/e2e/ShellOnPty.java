package dev.atelier.test.e2e;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The shell on a real terminal: {@code script} (util-linux) gives the host a pseudo-terminal (120 x 40), the
 * test types keys and reads the screen, as a person at the prompt would. JLine draws with escape
 * sequences; {@link #text()} is the screen's text without them.
 */
final class ShellOnPty implements AutoCloseable {
    private final Process process;
    private final OutputStream keys;
    private final InputStream screen;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

    /** Starts {@code command} (one shell command line) under script, in {@code dir}, and waits until Atelier's commands answer. */
    ShellOnPty(String command, Path dir) throws Exception {
        process = new ProcessBuilder("/usr/bin/script", "-qfec", "stty cols 120 rows 40; " + command, "/dev/null")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        keys = process.getOutputStream();
        screen = process.getInputStream();
        // the shell starts one start level after the host: at its prompt, Atelier's commands are there
        expect(PROMPT, 60_000);
        awaitLineEditor();
    }

    /**
     * Waits until the line editor reads keys. Keys typed between the prompt's printing and JLine's switch to raw
     * mode can be discarded by that switch (seen under load: the first line typed never echoed, the shell sat
     * in readLine); Ctrl-L is answered by redrawing the prompt only once the editor reads, so it is sent until
     * the prompt comes again.
     */
    private void awaitLineEditor() throws Exception {
        for (int i = 0; i < 20; i++) {
            mark();
            keys.write(12);
            keys.flush();
            if (sees(PROMPT, 1_500)) return;
        }
        expect(PROMPT, 1); // fails with the screen and the threads
    }

    static final String PROMPT = "atelier> ";

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

    /** Reads the screen until {@code text} appears after what {@link #mark()} last marked; the screen's text so far is returned. */
    String expect(String text, long millis) throws Exception {
        if (sees(text, millis)) return text();
        throw new AssertionError("no '" + text + "' within " + millis + " ms in:\n" + text().substring(mark)
                + "\n--- the whole screen:\n" + text() + "\n--- the host's threads:\n" + threads());
    }

    /** Whether {@code text} appears after the mark within {@code millis}. */
    private boolean sees(String text, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            while (screen.available() > 0) seen.write(screen.read());
            if (text().indexOf(text, mark) >= 0) return true;
            Thread.sleep(20);
        }
        return false;
    }

    /** jcmd Thread.print of the JVMs under script, for a failure's message: where the shell was when it did not answer. */
    private String threads() {
        StringBuilder out = new StringBuilder();
        process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false)).forEach(p -> {
            try {
                Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(p.pid()), "Thread.print")
                        .redirectErrorStream(true).start();
                String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                jcmd.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
                // the threads that matter here: the shell's, JLine's and the signal dispatcher
                for (String t : dump.split("\n\n")) {
                    if (t.contains("jline") || t.contains("gogo") || t.contains("Signal") || t.contains("atelier")) out.append(t).append("\n\n");
                }
            } catch (Exception e) {
                out.append("jcmd failed: ").append(e).append('\n');
            }
        });
        return out.length() == 0 ? "(no JVM found under script)" : out.toString();
    }

    private int mark;

    /** From now on, {@link #expect} looks only at what comes after this point. */
    void mark() throws Exception {
        while (screen.available() > 0) seen.write(screen.read());
        mark = text().length();
    }

    /** What the screen showed, without JLine's escape sequences (colours, cursor moves) and carriage returns. */
    String text() {
        return seen.toString(StandardCharsets.UTF_8).replaceAll("\u001b\\[[0-9;?]*[a-zA-Z@]", "").replaceAll("\u001b[=>]", "").replace("\r", "");
    }

    boolean isAlive() {
        return process.isAlive();
    }

    boolean waitFor(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    String screen() {
        return text();
    }

    /** Kills script alone, as a closed terminal window would: the pty's master closes. Returns the JVMs that were under it. */
    List<ProcessHandle> closeTerminal() {
        List<ProcessHandle> jvms = process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).toList();
        process.destroyForcibly();
        return jvms;
    }

    /**
     * Ends script and everything under it. Killing script alone left the host's JVM behind with its terminal
     * gone, spinning at a full core (seen: two such JVMs from earlier tests slowed a later shell test to a fail).
     */
    @Override public void close() {
        java.util.List<ProcessHandle> under = process.descendants().toList();
        process.destroyForcibly();
        for (ProcessHandle p : under) p.destroyForcibly();
        for (ProcessHandle p : under) p.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> p).join();
    }
}
