package dev.atelier.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The plain host and the Spark driver, each as its own process, as a user starts them. */
final class Runs {
    static final Path ATELIER_JAR = Path.of(System.getProperty("atelier.jar"));
    static final Path SAMPLES = Path.of(System.getProperty("atelier.samples"));
    static final Path SPARK_HOME = Path.of(System.getProperty("atelier.spark.home"));
    static final Path APP_JAR = Path.of(System.getProperty("atelier.spark.jar"));
    static final Path FIXTURE_JAR = Path.of(System.getProperty("atelier.fixture.jar"));
    static final List<String> OPENS = Arrays.asList(System.getProperty("atelier.spark.opens").trim().split("\\s+"));
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private Runs() { }

    record Result(int code, String output) { }

    /** Makes an Atelier home's folders. */
    static Path home(Path home) throws IOException {
        for (String d : List.of("etc", "deploy", "pipelines")) Files.createDirectories(home.resolve(d));
        return home;
    }

    /** {@code ./atelier run ARGS} in {@code home} (its working folder too). */
    static Result plainHost(Path home, String... args) throws Exception {
        home(home);
        Path cache = Files.createTempDirectory("atelier-plain-cache");
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-Datelier.home=" + home,
                "-Dfelix.fileinstall.dir=" + home.resolve("etc") + "," + home.resolve("deploy") + "," + home.resolve("pipelines"),
                "-Dorg.osgi.framework.storage=" + cache, "-Dgosh.args=--nointeractive", "-Dorg.osgi.framework.startlevel.beginning=1",
                "-jar", ATELIER_JAR.toString(), "run"));
        cmd.addAll(List.of(args));
        try {
            return run(cmd, home, 180);
        } finally {
            EmbeddedHost.deleteTree(cache);
        }
    }

    /** {@code ./atelier spark ARGS} with {@code home} as ATELIER_HOME and working folder. */
    static Process startDriver(Path home, Path log, String... args) throws IOException {
        home(home);
        List<String> cmd = new ArrayList<>();
        cmd.add(JAVA);
        cmd.addAll(OPENS);
        cmd.addAll(List.of("-Xmx1g", "-cp", APP_JAR + ":" + SPARK_HOME.resolve("jars") + "/*", "-Datelier.jar=" + ATELIER_JAR,
                "-Datelier.home=" + home, "dev.atelier.spark.SparkBatch"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // no cluster configuration of the machine's leaks into the tests
        pb.environment().remove("HADOOP_CONF_DIR");
        pb.environment().remove("YARN_CONF_DIR");
        return pb.start();
    }

    static Result driver(Path home, String... args) throws Exception {
        Path log = Files.createTempFile("atelier-spark-driver", ".log");
        Process p = startDriver(home, log, args);
        try {
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the driver must end within 5 minutes");
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    static Result run(List<String> cmd, Path dir, int seconds) throws Exception {
        Path log = Files.createTempFile("atelier-run", ".log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), String.join(" ", cmd) + " must end within " + seconds + " s");
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    /** Every file under {@code dir} by relative path, leaving out Spark's and Hadoop's markers (names starting with _ or .). */
    static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) return files;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String rel = dir.relativize(f).toString();
                boolean marker = false;
                for (Path part : dir.relativize(f)) marker |= part.toString().startsWith("_") || part.toString().startsWith(".");
                if (!marker) files.put(rel, Files.readAllBytes(f));
            }
        }
        return files;
    }

    /** Every file under {@code dir}, markers included (to find leftovers: attempt folders, temporary names). */
    static List<String> everything(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
