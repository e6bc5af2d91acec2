package dev.atelier.test.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path a plugin author takes (docs/plugins.md): ./atelier new-plugin outside the repository,
 * Maven builds it (its unit and in-framework tests included), ./atelier deploy puts it into the home of a
 * running host, and the host runs it in a chain at once.
 */
class PluginAuthoringTest {
    static final Path ROOT = AtelierProcess.SAMPLES.resolve("../..").normalize();

    @TempDir Path work;

    private static String run(Path dir, Map<String, String> env, long seconds, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> {
            try {
                p.getInputStream().transferTo(out);
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        pump.start();
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), String.join(" ", cmd) + " took over " + seconds + " s:\n" + out);
        pump.join(5000);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + text);
        return text;
    }


    @Test void newPluginOutsideTheRepoBuildsDeploysIntoARunningHostAndRuns() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script (util-linux) gives the running host a terminal");
        Path home = Files.createDirectories(work.resolve("home"));
        Map<String, String> env = Map.of("ATELIER_HOME", home.toString());
        String made = run(work, env, 300, "bash", ROOT.resolve("atelier").toString(), "new-plugin", "posterize", "--dir", work.toString());
        assertTrue(made.contains("filter 'posterize' in " + work.resolve("posterize")), made);
        // the README's example is the scaffold's output, word for word
        String readme = Files.readString(ROOT.resolve("README.md"));
        int from = readme.indexOf("```java\n", readme.indexOf("The filter it writes")) + "```java\n".length();
        assertEquals(Files.readString(work.resolve("posterize/src/main/java/atelier/plugin/posterize/PosterizeFilter.java")),
                readme.substring(from, readme.indexOf("```", from)), "README.md shows what ./atelier new-plugin writes");
        String built = run(work.resolve("posterize"), env, 600, "mvn", "-B", "verify");
        assertTrue(built.contains("Tests run: 3, Failures: 0") && built.contains("BUILD SUCCESS"), built);
        Path report = Files.list(work.resolve("posterize/target/test-reports")).findFirst().orElseThrow();
        assertTrue(Files.readString(Files.list(report).findFirst().orElseThrow()).contains("tests=\"1\" skipped=\"0\" failures=\"0\" errors=\"0\""),
                "the in-framework test ran in Felix and passed");
        Path jar = work.resolve("posterize/target/atelier.plugin.posterize-0.1.0-SNAPSHOT.jar");

        // a running host, with its shell on a terminal
        try (ShellOnPty shell = new ShellOnPty("ATELIER_HOME='" + home + "' '" + ROOT.resolve("atelier") + "'", work)) {
            String deployed = run(work, env, 120, "bash", ROOT.resolve("atelier").toString(), "deploy", jar.toString());
            assertTrue(deployed.contains("registered 1 filter(s) and output(s)") && deployed.contains("posterize  filter  ready"), deployed);
            Path out = work.resolve("out");
            shell.type("atelier:run \"posterize levels=2 ! file path=" + out + "/{input}-poster.png\" " + AtelierProcess.SAMPLES.resolve("coffee.png") + "\n");
            shell.expect("succeeded", 60_000);
            var img = ImageIO.read(out.resolve("coffee-poster.png").toFile());
            for (int x = 0; x < img.getWidth(); x += 17) {
                int c = img.getRGB(x, img.getHeight() / 2) & 0xFFFFFF;
                for (int shift = 0; shift <= 16; shift += 8) {
                    int v = c >> shift & 0xFF;
                    assertTrue(v == 0 || v == 255, "two levels a channel: " + Integer.toHexString(c));
                }
            }
            shell.type("quit\n");
            assertTrue(shell.waitFor(20));
        }
    }
}
