package dev.atelier.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on this machine: a Master and a Worker, each a JVM of its own started from Spark's
 * own classes and the Spark home the build fills from Maven (its jars/ folder is what the Worker starts
 * executors from). For the tests and the benchmark; a real cluster is started with Spark's own scripts.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    final String url;
    final Process master;
    final Process worker;
    private final Path dir;

    private StandaloneCluster(String url, Process master, Process worker, Path dir) {
        this.url = url;
        this.master = master;
        this.worker = worker;
        this.dir = dir;
    }

    /**
     * @param sparkHome a Spark home (its jars/ and RELEASE: target/spark-home)
     * @param javaOptions what Spark needs opened on Java 17 (target/spark-home/java-opts)
     */
    static StandaloneCluster start(Path dir, int cores, String memory, Path sparkHome, List<String> javaOptions) throws Exception {
        Files.createDirectories(dir);
        int port = freePort();
        String url = "spark://127.0.0.1:" + port;
        Process master = daemon(sparkHome, javaOptions, dir.resolve("master.log"), "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort()));
        try {
            awaitLine(master, dir.resolve("master.log"), "New state: ALIVE", 60);
            Process worker = daemon(sparkHome, javaOptions, dir.resolve("worker.log"), "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", Integer.toString(cores), "--memory", memory, "--work-dir", dir.resolve("work").toString(),
                    "--webui-port", Integer.toString(freePort()), url);
            try {
                awaitLine(worker, dir.resolve("worker.log"), "Successfully registered with master", 60);
            } catch (Exception e) {
                stop(worker);
                throw e;
            }
            return new StandaloneCluster(url, master, worker, dir);
        } catch (Exception e) {
            stop(master);
            throw e;
        }
    }

    /** The executor JVMs the Worker runs now. */
    List<ProcessHandle> executors() {
        List<ProcessHandle> found = new ArrayList<>();
        worker.toHandle().descendants().forEach(p -> {
            if (p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")) found.add(p);
        });
        return found;
    }

    String logs() throws IOException {
        return Files.readString(dir.resolve("master.log"), StandardCharsets.UTF_8) + Files.readString(dir.resolve("worker.log"), StandardCharsets.UTF_8);
    }

    private static Process daemon(Path sparkHome, List<String> javaOptions, Path log, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(JAVA));
        cmd.addAll(javaOptions);
        cmd.addAll(List.of("-Xmx512m", "-cp", sparkHome.resolve("jars") + "/*", main));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        // a Worker builds executor command lines with Spark's launcher, which wants both for a home not built from source
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        return pb.start();
    }

    private static void awaitLine(Process p, Path log, String line, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.readString(log, StandardCharsets.UTF_8).contains(line)) return;
            if (!p.isAlive()) throw new IllegalStateException(log.getFileName() + ": the process ended: " + Files.readString(log, StandardCharsets.UTF_8));
            Thread.sleep(200);
        }
        throw new IllegalStateException(log.getFileName() + " never said '" + line + "': " + Files.readString(log, StandardCharsets.UTF_8));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void stop(Process p) {
        p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override public void close() {
        stop(worker);
        stop(master);
    }
}
