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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default, {@code --master local[2]}: the driver's own JVM runs the tasks on its own host. */
class LocalSparkTest {
    @TempDir Path dir;

    @Test
    void demoOutputsEqualThePlainHostsBitForBit() throws Exception {
        Runs.Result plain = Runs.plainHost(dir.resolve("plain"), "demo", Runs.SAMPLES.toString());
        assertEquals(0, plain.code(), plain.output());
        Path out = dir.resolve("spark-out");
        Runs.Result spark = Runs.driver(dir.resolve("home"), "demo", Runs.SAMPLES.toString(), out.toString(), "--master", "local[2]");
        assertEquals(0, spark.code(), spark.output());
        assertTrue(spark.output().contains("4 of 4 inputs done"), spark.output());
        assertTrue(spark.output().contains("demo [##############################] 100% 4/4 files"), "the plain host's progress bar: " + spark.output());

        Map<String, byte[]> expected = Runs.files(dir.resolve("plain/out")), actual = Runs.files(out.resolve("out"));
        assertEquals(4, expected.size(), expected.keySet().toString());
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), name + " must be the plain host's bytes"));
        // committed: no attempt folder, no checksum files, Hadoop's success marker
        assertEquals(List.of("_SUCCESS", "out", "out/astronaut-ega.png", "out/chelsea-ega.png", "out/coffee-ega.png", "out/rocket-ega.png"),
                Runs.everything(out));
    }

    @Test
    void aCorruptInputIsListedInFailuresCsvTheOthersAreWrittenAndTheRunExitsOne() throws Exception {
        Path in = SparkBench.copies(Runs.SAMPLES, dir.resolve("in"), 1);
        byte[] jpeg = Files.readAllBytes(Runs.SAMPLES.resolve("rocket.jpg"));
        Files.write(in.resolve("broken.jpg"), java.util.Arrays.copyOf(jpeg, 300));
        Files.writeString(in.resolve("notes.txt"), "not an image: left out like the plain host leaves it out");
        Path out = dir.resolve("out");
        Runs.Result r = Runs.driver(dir.resolve("home"), "demo", in.toString(), out.toString(), "--master", "local[2]");
        assertEquals(1, r.code(), r.output());
        assertTrue(r.output().contains("4 of 5 inputs done"), r.output());
        List<String> csv = Files.readAllLines(out.resolve("_failures.csv"), StandardCharsets.UTF_8);
        assertEquals("input,step,error", csv.get(0));
        assertEquals(2, csv.size(), csv.toString());
        assertTrue(csv.get(1).startsWith("file:" + in.resolve("broken.jpg") + ",decode,"), csv.get(1));
        assertTrue(csv.get(1).contains("truncated") || csv.get(1).contains("broken.jpg"), csv.get(1));
        assertEquals(4, Runs.files(out.resolve("out")).size());

        // the corrupt file removed, the same run again: everything written, the stale list gone
        Files.delete(in.resolve("broken.jpg"));
        Runs.Result again = Runs.driver(dir.resolve("home"), "demo", in.toString(), out.toString(), "--master", "local[2]");
        assertEquals(0, again.code(), again.output());
        assertFalse(Files.exists(out.resolve("_failures.csv")), "a run without failures leaves no _failures.csv");
    }

    @Test
    void aWrongPipelineOrInputExitsTwoBeforeAnyTaskStartsAndWritesNothing() throws Exception {
        Path out = dir.resolve("out");
        Runs.Result palette = Runs.driver(dir.resolve("home"), "dither palette=nosuch ! file path=out/{input}.png", Runs.SAMPLES.toString(), out.toString());
        assertEquals(2, palette.code(), palette.output());
        assertTrue(palette.output().contains("no palette named 'nosuch'"), palette.output());

        Runs.Result outside = Runs.driver(dir.resolve("home"), "dither ! file path=/tmp/{input}.png", Runs.SAMPLES.toString(), out.toString());
        assertEquals(2, outside.code(), outside.output());
        assertTrue(outside.output().contains("leads outside OUTPUT"), outside.output());

        Runs.Result missing = Runs.driver(dir.resolve("home"), "demo", dir.resolve("nowhere").toString(), out.toString());
        assertEquals(2, missing.code(), missing.output());
        assertTrue(missing.output().contains("INPUT " + dir.resolve("nowhere") + " does not exist"), missing.output());

        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        Runs.Result onFile = Runs.driver(dir.resolve("home"), "demo", Runs.SAMPLES.toString(), file.toString());
        assertEquals(2, onFile.code(), onFile.output());
        assertTrue(onFile.output().contains("OUTPUT " + file + " is a file"), onFile.output());

        Runs.Result yarn = Runs.driver(dir.resolve("home"), "demo", Runs.SAMPLES.toString(), out.toString(), "--master", "yarn");
        assertEquals(2, yarn.code(), yarn.output());
        assertTrue(yarn.output().contains("HADOOP_CONF_DIR or YARN_CONF_DIR"), yarn.output());

        Runs.Result name = Runs.driver(dir.resolve("home"), "nosuch", Runs.SAMPLES.toString(), out.toString());
        assertEquals(2, name.code(), name.output());
        assertTrue(name.output().contains("nosuch"), name.output());
        assertFalse(Files.exists(out), "nothing may be written: " + (Files.exists(out) ? Runs.everything(out) : ""));
    }

    @Test
    void aUsersDescriptorAndAHotInstalledPluginRunAsInThePlainHost() throws Exception {
        Path home = Runs.home(dir.resolve("home"));
        Files.copy(Runs.FIXTURE_JAR, home.resolve("deploy/fixture.jar"));
        Files.writeString(home.resolve("pipelines/negative.pipeline.yaml"), """
                name: negative
                steps:
                  - fixture-invert: {}
                outputs:
                  - file: {path: "{pipeline}/{input}.png"}
                """);
        Path out = dir.resolve("out");
        Runs.Result r = Runs.driver(home, "negative", Runs.SAMPLES.toString(), out.toString(), "--master", "local[2]");
        assertEquals(0, r.code(), r.output());
        assertEquals(List.of("negative/astronaut.png", "negative/chelsea.png", "negative/coffee.png", "negative/rocket.png"),
                List.copyOf(Runs.files(out).keySet()));
    }

    @Test
    void ctrlCCancelsTheJobExitsThreeAndCommitsNothing() throws Exception {
        Path in = SparkBench.copies(Runs.SAMPLES.resolve("jpeg-q10"), dir.resolve("in"), 6);
        Path out = dir.resolve("out"), log = dir.resolve("driver.log");
        Process driver = Runs.startDriver(dir.resolve("home"), log, "deblock", in.toString(), out.toString(), "--master", "local[2]");
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(log).matches("(?s).*[1-9]\\d*/18 files.*") && System.nanoTime() < deadline && driver.isAlive()) Thread.sleep(100);
            assertTrue(driver.isAlive(), "the job must still run: " + Files.readString(log));
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(driver.pid())).start().waitFor());
            assertTrue(driver.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "Ctrl-C must end the run");
            String output = Files.readString(log);
            assertEquals(3, driver.exitValue(), output);
            assertTrue(output.contains("cancelled; nothing of this run was committed"), output);
            assertFalse(output.contains("\tat org.apache"), "no stack trace: " + output);
            assertFalse(Files.exists(out), "nothing committed, no empty folder left: " + (Files.exists(out) ? Runs.everything(out) : ""));
        } finally {
            driver.destroyForcibly();
        }
    }
}
