package dev.atelier.test.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interactive shell (Felix's JLine one) on a real terminal: Tab completion, history in the home, Ctrl-D. */
class InteractiveShellTest {
    @TempDir Path home;

    @BeforeEach void folders() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script (util-linux) makes the pseudo-terminal");
        AtelierProcess.home(home);
    }

    private ShellOnPty shell() throws Exception {
        return shell("");
    }

    private ShellOnPty shell(String before) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ShellOnPty(before + ShellOnPty.quoted(List.of(java, "-Datelier.home=" + home, "-Dgosh.home=" + home,
                "-Dfelix.fileinstall.dir=" + home.resolve("etc") + "," + home.resolve("deploy") + "," + home.resolve("pipelines"),
                "-Dorg.osgi.framework.storage=" + home.resolve("cache"), "-jar", AtelierProcess.JAR.toString())), home);
    }

    /** atelier:studio in a running shell: the Studio's bundles installed then, on the loopback at the port asked, token required. */
    @Test void theStudioStartsFromTheShell() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (ShellOnPty shell = shell(); java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            // a port something else holds is refused with what to do, and the shell goes on
            shell.mark();
            shell.type("atelier:studio -p " + taken.getLocalPort() + "\n");
            shell.expect("port " + taken.getLocalPort() + " on 127.0.0.1 is taken (another Studio or server); choose another with -p N", 30_000);
            assertFalse(shell.text().contains("Failed to bind"), shell.text());
            shell.mark();
            shell.type("atelier:studio -p " + port + "\n");
            shell.expect("Atelier Studio: http://127.0.0.1:" + port + "/?token=", 30_000);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("token=([0-9a-f]{48})").matcher(shell.text());
            assertTrue(m.find(), shell.text());
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.URI palette = java.net.URI.create("http://127.0.0.1:" + port + "/api/palette");
            var with = http.send(java.net.http.HttpRequest.newBuilder(palette).header("X-Atelier-Token", m.group(1)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, with.statusCode());
            assertTrue(with.body().contains("\"name\":\"dither\""), with.body());
            var without = http.send(java.net.http.HttpRequest.newBuilder(palette).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(403, without.statusCode());
            assertTrue(shell.isAlive());
        }
    }

    /** What Tab inserted is checked by running the line: the command's output shows the line it got. */
    @Test void tabCompletesCommandsElementsParametersAndTheirOptions() throws Exception {
        try (ShellOnPty shell = shell()) {
            shell.mark();
            shell.type("atelier:insp\tdith\t\n");
            shell.expect("serpentine", 10_000); // atelier:inspect dither ran

            // inside a quoted chain: the step's parameter names, then the values of one with options
            shell.mark();
            shell.type("atelier:validate \"dither kern\t");
            Thread.sleep(300);
            shell.type("\t");
            shell.expect("floyd-steinberg", 10_000); // the choices are listed
            shell.type("atk\t");
            Thread.sleep(300);
            shell.type("! fi\t");
            Thread.sleep(300);
            shell.type("pa\t");
            Thread.sleep(300);
            shell.type("out/x.png\"\n");
            shell.expect("dither kernel=atkinson ! file path=out/x.png: ok", 10_000);

            // pipeline names
            shell.mark();
            shell.type("atelier:show ca\t\n");
            shell.expect("candy", 10_000);
            shell.expect("system pipeline", 10_000);
            assertTrue(shell.isAlive());
        }
    }

    @Test void historyIsKeptInTheHomeAndCtrlDLeavesUnlessJobsRun() throws Exception {
        try (ShellOnPty shell = shell()) {
            shell.type("atelier:filters\n");
            shell.expect("linify", 10_000);
            shell.type("atelier:run -b \"mosaic candies=150 ! file path=" + home.resolve("out") + "/{input}-slow.png\" " + AtelierProcess.SAMPLES + "\n");
            shell.expect("started", 10_000);
            shell.mark();
            shell.type("\u0004"); // Ctrl-D while the job runs: refused
            shell.expect("still running", 10_000);
            assertTrue(shell.isAlive());
            shell.type("atelier:cancel 1\n");
            shell.expect("cancel requested", 10_000);
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                shell.mark();
                shell.type("atelier:jobs\n");
                if (shell.expect(ShellOnPty.PROMPT, 10_000).contains("cancelled  -")) break;
                Thread.sleep(300);
            }
            shell.type("\u0004"); // and now it leaves
            assertTrue(shell.waitFor(20), "Ctrl-D leaves:\n" + shell.screen());
        }
        List<String> history = Files.readAllLines(home.resolve(".atelier_history"));
        assertTrue(history.stream().anyMatch(l -> l.endsWith(":atelier:filters")), "history in the home: " + history);

        try (ShellOnPty again = shell()) {
            again.mark();
            // Up, past atelier:jobs (once: repeats are kept once), atelier:cancel 1 and the run
            again.type("\u001bOA\u001bOA\u001bOA\u001bOA"); // in keypad mode (JLine turns it on) Up is ESC O A
            Thread.sleep(500);
            again.type("\n");
            again.expect("TAKES", 10_000); // the recalled line was atelier:filters, and it ran
            again.type("exit\n");
            assertTrue(again.waitFor(20), again.screen());
        }
    }

    @Test void ctrlCAtThePromptClearsTheLine() throws Exception {
        try (ShellOnPty shell = shell()) {
            shell.type("atelier:nonsense");
            shell.mark();
            shell.ctrlC();
            shell.expect(ShellOnPty.PROMPT, 10_000);
            shell.type("atelier:status\n");
            String text = shell.expect("workers:", 10_000);
            assertFalse(text.contains("atelier:nonsenseatelier:status"), "the cleared line is gone:\n" + text);
            assertEquals(true, shell.isAlive());
        }
    }

    /**
     * A terminal that goes away (a closed ssh session or window) while SIGHUP is ignored, as under nohup: the JVM
     * gets no signal, only a line reader that fails. The host used to stay up with nobody able to reach it.
     */
    @Test void aHostWhoseTerminalIsGoneStops() throws Exception {
        try (ShellOnPty shell = shell("trap '' HUP; ")) {
            shell.type("atelier:status\n");
            shell.expect("workers:", 10_000);
            List<ProcessHandle> host = shell.closeTerminal();
            assertFalse(host.isEmpty(), "a JVM ran under script");
            try {
                for (ProcessHandle p : host) {
                    boolean ended = p.onExit().completeOnTimeout(null, 20, java.util.concurrent.TimeUnit.SECONDS).join() != null;
                    assertTrue(ended, "the host (pid " + p.pid() + ") stops within 20 s of losing its terminal");
                }
            } finally {
                host.forEach(ProcessHandle::destroyForcibly); // script is gone: close() can no longer find them
            }
        }
    }
}
