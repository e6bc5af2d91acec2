package dev.atelier.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster (Master and Worker JVMs) with two one-core executors: the plain host's outputs bit
 * for bit, an executor killed with SIGKILL mid-job, a hot-installed plugin shipped to the executors and a
 * corrupt input among good ones.
 */
class StandaloneClusterTest {
    @TempDir static Path shared;
    static StandaloneCluster cluster;
    /** The plain host's deblocked samples, by file name. */
    static Map<String, byte[]> deblocked;

    @TempDir Path dir;

    @BeforeAll
    static void start() throws Exception {
        cluster = StandaloneCluster.start(shared.resolve("cluster"), 2, "4g", Runs.SPARK_HOME, Runs.OPENS);
        Runs.Result plain = Runs.plainHost(shared.resolve("plain"), "deblock", Runs.SAMPLES.resolve("jpeg-q10").toString());
        assertEquals(0, plain.code(), plain.output());
        deblocked = Runs.files(shared.resolve("plain/out"));
        assertEquals(3, deblocked.size(), deblocked.keySet().toString());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.close();
    }

    private String[] onCluster(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--master", cluster.url, "--executors", "2", "--conf", "spark.executor.memory=1g", "--conf", "spark.driver.host=127.0.0.1"));
        return all.toArray(String[]::new);
    }

    @Test
    void demoAndDeblockOnTwoExecutorsEqualThePlainHostsBitForBit() throws Exception {
        Runs.Result plainDemo = Runs.plainHost(dir.resolve("plain"), "demo", Runs.SAMPLES.toString());
        assertEquals(0, plainDemo.code(), plainDemo.output());
        Path demo = dir.resolve("demo-out");
        Runs.Result r = Runs.driver(dir.resolve("home"), onCluster("demo", Runs.SAMPLES.toString(), demo.toString()));
        assertEquals(0, r.code(), r.output() + cluster.logs());
        assertSame(Runs.files(dir.resolve("plain/out")), Runs.files(demo.resolve("out")));

        Path deblock = dir.resolve("deblock-out");
        Runs.Result d = Runs.driver(dir.resolve("home"), onCluster("deblock", Runs.SAMPLES.resolve("jpeg-q10").toString(), deblock.toString()));
        assertEquals(0, d.code(), d.output());
        assertSame(deblocked, Runs.files(deblock.resolve("out")));
        assertTrue(cluster.logs().contains("Launching executor"), "the Worker started the executors");
        // the executors ran the host Spark shipped them (atelier.jar and the library in their own work folders)
        try (java.util.stream.Stream<Path> s = Files.walk(shared.resolve("cluster/work"))) {
            List<String> shippedHere = s.map(p -> p.getFileName().toString()).filter(n -> n.equals("atelier.jar") || n.equals("dev.atelier.lib.dl4j.jar")).toList();
            assertTrue(shippedHere.contains("atelier.jar") && shippedHere.contains("dev.atelier.lib.dl4j.jar"), shippedHere.toString());
        }
    }

    @Test
    void anExecutorKilledMidJobLeavesEachOutputExactlyOnceAndNoPartialFile() throws Exception {
        int copies = 4;
        Path in = SparkBench.copies(Runs.SAMPLES.resolve("jpeg-q10"), dir.resolve("in"), copies);
        int total = 3 * copies;
        Path out = dir.resolve("out"), log = dir.resolve("driver.log");
        Process driver = Runs.startDriver(dir.resolve("home"), log, onCluster("deblock", in.toString(), out.toString()));
        try {
            // once some inputs are done and others still running, one executor dies without a word
            Pattern progress = Pattern.compile("(\\d+)/" + total + " files");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            int done = 0;
            while (done < 1 && System.nanoTime() < deadline && driver.isAlive()) {
                Matcher m = progress.matcher(Files.readString(log, StandardCharsets.UTF_8));
                while (m.find()) done = Integer.parseInt(m.group(1));
                Thread.sleep(100);
            }
            assertTrue(done >= 1 && done < total - 2, "the kill must come mid-job (" + done + " of " + total + " done): " + Files.readString(log));
            List<ProcessHandle> executors = cluster.executors();
            assertEquals(2, executors.size(), "two executors run the job");
            assertTrue(executors.get(0).destroyForcibly(), "kill -9 one executor");

            assertTrue(driver.waitFor(300, TimeUnit.SECONDS), "the job must complete");
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, driver.exitValue(), output);
            assertTrue(output.contains(total + " of " + total + " inputs done"), output);
        } finally {
            driver.destroyForcibly();
        }
        Map<String, byte[]> written = Runs.files(out.resolve("out"));
        assertEquals(total, written.size(), written.keySet().toString());
        for (Map.Entry<String, byte[]> e : written.entrySet()) {
            // photo-q10-2-deblocked.png is a copy of photo-q10.jpg: the plain host's photo-q10-deblocked.png, whole
            String original = e.getKey().replaceAll("-\\d+-deblocked", "-deblocked");
            assertArrayEquals(deblocked.get(original), e.getValue(), e.getKey() + " must be whole and the plain host's bytes");
        }
        assertEquals(List.of("_SUCCESS", "out"), Runs.everything(out).stream().filter(p -> !p.startsWith("out/")).toList(),
                "no attempt folder left behind");
    }

    @Test
    void aHotInstalledPluginReachesTheExecutorsAndACorruptInputIsListed() throws Exception {
        Path home = Runs.home(dir.resolve("home"));
        Files.copy(Runs.FIXTURE_JAR, home.resolve("deploy/fixture.jar"));
        Path in = SparkBench.copies(Runs.SAMPLES, dir.resolve("in"), 1);
        Files.write(in.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Path out = dir.resolve("out");
        Runs.Result r = Runs.driver(home, onCluster("fixture-invert ! file path=negative/{input}.png", in.toString(), out.toString()));
        assertEquals(1, r.code(), r.output());
        assertEquals(List.of("negative/astronaut.png", "negative/chelsea.png", "negative/coffee.png", "negative/rocket.png"),
                List.copyOf(Runs.files(out).keySet()));
        List<String> csv = Files.readAllLines(out.resolve("_failures.csv"), StandardCharsets.UTF_8);
        assertEquals(2, csv.size(), csv.toString());
        assertTrue(csv.get(1).startsWith("file:" + in.resolve("broken.png") + ",decode,"), csv.get(1));
        assertFalse(Files.exists(out.resolve("negative/broken.png")));
    }

    private static void assertSame(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), name + " must be the plain host's bytes"));
    }
}
