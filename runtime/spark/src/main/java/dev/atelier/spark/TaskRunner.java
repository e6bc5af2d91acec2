package dev.atelier.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import scala.Tuple2;

/**
 * What an executor does with one input: its bytes from the input file system into a folder of the task's
 * own, through the JVM's one Atelier host, and every file the pipeline wrote back as (relative path, bytes)
 * for the output committer. A failed input gives no output and a {@link Failure} instead.
 */
final class TaskRunner {
    /** What every task needs, broadcast once by the driver. */
    /**
     * @param shipped whether Spark ships atelier.jar and its lib/ folder to each executor (SparkContext.addFile),
     *                rather than each worker having them at {@code atelierJar}
     */
    record Settings(String atelierJar, boolean shipped, List<String> libJars, PipelineSource pipeline, Map<String, String> hadoop,
                    Map<String, byte[]> plugins) implements Serializable { }

    /** One input that failed: for OUTPUT/_failures.csv. */
    record Failure(String input, String step, String error) implements Serializable { }

    /** One input's outputs, or why it has none. */
    record Result(List<Tuple2<String, byte[]>> files, Failure failure) { }

    /** The names Spark gives the shipped host on executors (SparkFiles.get). */
    static final String SHIPPED_JAR = "atelier.jar", SHIPPED_LIB = "lib";

    private static EmbeddedHost host;
    private static Path hostHome;
    private static final Map<PipelineSource, Object> RESOLVED = new ConcurrentHashMap<>();

    private TaskRunner() { }

    /** The driver's host, when the driver runs tasks itself (local[*]): tasks reuse it rather than start a second. */
    static synchronized void adopt(EmbeddedHost driverHost) {
        host = driverHost;
    }

    /** This JVM's host, started on first use with the driver's plugins; stopped when the JVM ends. */
    static synchronized EmbeddedHost host(Settings s) throws IOException {
        if (host != null) return host;
        hostHome = Files.createTempDirectory("atelier-spark-home");
        List<Path> plugins = new ArrayList<>();
        Path shipped = Files.createDirectories(hostHome.resolve("plugins"));
        for (Map.Entry<String, byte[]> p : s.plugins().entrySet()) {
            Path jar = shipped.resolve(p.getKey());
            Files.write(jar, p.getValue());
            plugins.add(jar);
        }
        EmbeddedHost started;
        if (s.shipped()) {
            // this executor's copies, fetched by Spark from the driver into its work folder; the library bundles
            // arrive beside them and are linked into a lib/ folder of the host's own
            Path lib = Files.createDirectories(hostHome.resolve(SHIPPED_LIB));
            for (String jar : s.libJars()) {
                Path fetched = Path.of(org.apache.spark.SparkFiles.get(jar));
                try {
                    Files.createSymbolicLink(lib.resolve(jar), fetched);
                } catch (UnsupportedOperationException | IOException noLinks) {
                    Files.copy(fetched, lib.resolve(jar));
                }
            }
            started = EmbeddedHost.start(Path.of(org.apache.spark.SparkFiles.get(SHIPPED_JAR)), lib, hostHome, plugins);
        } else {
            started = EmbeddedHost.start(Path.of(s.atelierJar()), hostHome, plugins);
        }
        Path home = hostHome;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            started.close();
            EmbeddedHost.deleteTree(home);
        }, "atelier-host-stop"));
        host = started;
        return host;
    }

    static Result process(String input, Settings s) throws IOException, InterruptedException {
        String name = new org.apache.hadoop.fs.Path(input).getName();
        Path task = Files.createTempDirectory("atelier-task");
        try {
            EmbeddedHost h = host(s);
            Object pipeline;
            try {
                pipeline = resolved(h, s.pipeline(), task.resolve("descriptor"));
            } catch (PipelineException e) {
                return new Result(List.of(), new Failure(input, "pipeline", e.getMessage() + " (on " + EmbeddedHost.hostName() + ")"));
            }
            Path in = Files.createDirectories(task.resolve("in")).resolve(name);
            org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(input);
            try (InputStream stream = source.getFileSystem(configuration(s.hadoop())).open(source)) {
                Files.copy(stream, in);
            } catch (IOException e) {
                return new Result(List.of(), new Failure(input, "read", "cannot read " + input + ": " + EmbeddedHost.cause(e)));
            }
            Path work = Files.createDirectories(task.resolve("work"));
            EmbeddedHost.Outcome outcome = h.run(pipeline, in, work);
            if (!outcome.ok()) return new Result(List.of(), new Failure(input, outcome.step(), outcome.error()));
            return new Result(written(work), null);
        } finally {
            EmbeddedHost.deleteTree(task);
        }
    }

    private static Object resolved(EmbeddedHost h, PipelineSource source, Path scratch) throws PipelineException, IOException {
        Object p = RESOLVED.get(source);
        if (p == null) {
            p = h.resolve(source, scratch);
            RESOLVED.put(source, p);
        }
        return p;
    }

    /** Every file under the work folder, as its path relative to it ('/'-separated) and its bytes, in name order. */
    static List<Tuple2<String, byte[]>> written(Path work) throws IOException {
        List<Tuple2<String, byte[]>> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(work)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = work.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                files.add(new Tuple2<>(rel, Files.readAllBytes(f)));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return files;
    }

    static Configuration configuration(Map<String, String> entries) {
        Configuration c = new Configuration();
        entries.forEach(c::set);
        return c;
    }

    static FileSystem fileSystem(String uri, Map<String, String> hadoop) throws IOException {
        return new org.apache.hadoop.fs.Path(uri).getFileSystem(configuration(hadoop));
    }
}
