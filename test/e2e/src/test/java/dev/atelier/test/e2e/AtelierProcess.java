package dev.atelier.test.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the exported atelier.jar as its own process in a home folder of its own, as a script would. */
final class AtelierProcess {
    static final Path JAR = Path.of(System.getProperty("atelier.jar"));
    static final Path SAMPLES = Path.of(System.getProperty("atelier.samples"));

    private AtelierProcess() { }

    /** Makes the home's folders and returns its out/ folder. */
    static Path home(Path home) throws IOException {
        for (String d : List.of("etc", "deploy", "pipelines", "cache")) Files.createDirectories(home.resolve(d));
        return home.resolve("out");
    }

    static Result run(Path home, String... args) throws Exception {
        return run(home, List.of("-Dgosh.args=--nointeractive"), args);
    }

    /** @param options JVM options in place of the batch run's {@code -Dgosh.args=--nointeractive} */
    static Result run(Path home, List<String> options, String... args) throws Exception {
        return run(home, options, 0, () -> null, args);
    }

    /** A batch run that does {@code meanwhile} (a hot install, say) {@code afterMillis} after the JVM started. */
    static Result run(Path home, long afterMillis, java.util.concurrent.Callable<?> meanwhile, String... args) throws Exception {
        return run(home, List.of("-Dgosh.args=--nointeractive"), afterMillis, meanwhile, args);
    }

    private static Result run(Path home, List<String> options, long afterMillis, java.util.concurrent.Callable<?> meanwhile, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfelix.fileinstall.dir=" + home.resolve("etc") + "," + home.resolve("deploy") + "," + home.resolve("pipelines"),
                "-Dorg.osgi.framework.storage=" + home.resolve("cache")));
        cmd.addAll(options);
        cmd.addAll(List.of("-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(home.toFile())
                .redirectOutput(home.resolve("stdout.txt").toFile()).redirectError(home.resolve("stderr.txt").toFile()).start();
        if (afterMillis > 0) {
            Thread.sleep(afterMillis);
            meanwhile.call();
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "atelier must exit");
        return new Result(p.exitValue(), Files.readString(home.resolve("stdout.txt"), StandardCharsets.UTF_8),
                Files.readString(home.resolve("stderr.txt"), StandardCharsets.UTF_8));
    }

    record Result(int code, String stdout, String stderr) { }
}
