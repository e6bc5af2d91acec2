package dev.atelier.test.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C as a person presses it. A test run from a script started in the background inherits SIGINT as
 * ignored, so the host is started through perl (Debian's perl-base is always there) with SIGINT back to
 * its default, as a terminal's foreground job has it.
 */
class SignalTest {
    @TempDir Path home;
    Path out;

    @BeforeEach void folders() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")), "perl resets SIGINT for the child");
        out = AtelierProcess.home(home);
    }

    private List<String> java(String... args) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfelix.fileinstall.dir=" + home.resolve("etc") + "," + home.resolve("deploy") + "," + home.resolve("pipelines"),
                "-Dorg.osgi.framework.storage=" + home.resolve("cache")));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static void interrupt(Process p) throws Exception {
        // bash's own kill: /bin/kill (procps) is not on every machine
        assertEquals(0, new ProcessBuilder("bash", "-c", "kill -INT " + p.pid()).start().waitFor());
    }


    @Test void ctrlCInTheBatchFormCancelsCleanlyAndExitsThree() throws Exception {
        List<String> cmd = java("-Dgosh.args=--nointeractive", "-jar", AtelierProcess.JAR.toString(), "run",
                "mosaic candies=200 ! file path=out/{input}-m.png", AtelierProcess.SAMPLES.toString());
        Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectOutput(home.resolve("stdout.txt").toFile())
                .redirectError(home.resolve("stderr.txt").toFile()).start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (!Files.readString(home.resolve("stderr.txt")).contains("files") && System.currentTimeMillis() < deadline) Thread.sleep(50);
        interrupt(p);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String stdout = Files.readString(home.resolve("stdout.txt")), stderr = Files.readString(home.resolve("stderr.txt"));
        assertEquals(3, p.exitValue(), stdout + stderr);
        assertTrue(stderr.contains("atelier: cancelling job 1 (Ctrl-C again to quit at once)"), stderr);
        assertTrue(stdout.matches("(?s).*job 1 cancelled: \\d of 4 inputs done, 0 failed, \\d cancelled, [0-9.]+ s\n.*"), "the summary, whole: " + stdout);
        assertFalse(stderr.contains("Exception") || stderr.contains("\tat "), "no stack trace: " + stderr);
        try (Stream<Path> s = Files.exists(out) ? Files.list(out) : Stream.empty()) {
            assertTrue(s.noneMatch(f -> f.toString().endsWith(".part")), "no half-written file");
        }
    }

    /** The JLine shell on a real terminal (script gives it a pty): Ctrl-C cancels the foreground job, never the host. */
    @Test void ctrlCAtTheShellCancelsTheForegroundJobAndTheHostGoesOn() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script (util-linux) makes the pseudo-terminal");
        try (ShellOnPty shell = new ShellOnPty(ShellOnPty.quoted(java("-jar", AtelierProcess.JAR.toString())), home)) {
            shell.type("atelier:run -b \"mosaic candies=150 ! file path=" + out + "/{input}-bg.png\" " + AtelierProcess.SAMPLES.resolve("coffee.png") + "\n");
            shell.expect("started", 10_000);
            shell.type("atelier:run \"mosaic candies=200 ! file path=" + out + "/{input}-fg.png\" " + AtelierProcess.SAMPLES + "\n");
            shell.expect("files", 20_000);
            shell.ctrlC();
            shell.expect("cancelling job 2", 10_000);
            shell.expect("job 2 cancelled", 30_000); // the run's summary, then its prompt
            Thread.sleep(500);
            shell.mark();
            shell.type("atelier:jobs\n");
            String text = shell.expect("cancelled  -", 20_000);
            assertTrue(shell.isAlive(), "the host is still there after Ctrl-C:\n" + text);
            shell.type("atelier:fil"); // at the prompt: Ctrl-C clears the line, and the host goes on
            Thread.sleep(300);
            shell.mark();
            shell.ctrlC();
            shell.expect(ShellOnPty.PROMPT, 10_000);
            Thread.sleep(300);
            shell.type("atelier:pipelines\n");
            shell.expect("demo", 10_000);
            assertTrue(shell.isAlive());
            // the background job goes on to its end
            long deadline = System.currentTimeMillis() + 60_000;
            while (!Files.exists(out.resolve("coffee-bg.png")) && System.currentTimeMillis() < deadline) Thread.sleep(100);
            assertTrue(Files.exists(out.resolve("coffee-bg.png")), "the background job survived the Ctrl-C");
            shell.type("quit\n");
            assertTrue(shell.waitFor(20), "quit leaves:\n" + shell.screen());
        }
    }
}
