package dev.atelier.test.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.Job;
import dev.atelier.core.JobState;
import dev.atelier.core.PipelineInfo;
import dev.atelier.core.PipelineState;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/** Plugins arrive, change and leave through deploy/ while the host runs. */
class HotInstallTest extends HostTest {
    @org.osgi.test.common.annotation.InjectService dev.atelier.core.HostHealth health;

    private String deployProblem(String file) {
        return health.deployProblems().stream().filter(p -> p.contains(file)).findFirst().orElse(null);
    }

    private void invertPipeline(String name, int delay) throws IOException {
        home.descriptor(name, "name: " + name + "\nsteps:\n  - fixture-invert: {delay: " + delay + "}\noutputs:\n"
                + "  - file: {path: \"" + home.out + "/{input}-" + name + ".png\"}\n");
    }

    private PipelineInfo info(String name) {
        return registry.pipeline(name).orElse(null);
    }

    private void installFixture() throws Exception {
        home.drop(Home.fixtureJar(), "fixture.jar");
        Home.await("fixture-invert to be registered", Duration.ofSeconds(10), () -> catalog.element("fixture-invert").isPresent());
    }

    @Test void waitingPipelineBecomesReadyWhenItsBundleIsDropped() throws Exception {
        invertPipeline("inv", 0);
        Home.await("pipeline inv to be read", Duration.ofSeconds(5), () -> info("inv") != null);
        assertEquals(PipelineState.WAITING, info("inv").state());
        assertEquals(List.of("fixture-invert"), info("inv").waitingFor());

        home.drop(Home.fixtureJar(), "fixture.jar");
        Home.await("pipeline inv to be ready", Duration.ofSeconds(5), () -> info("inv").state() == PipelineState.READY);

        Path input = Home.sample("chelsea.png");
        Job job = jobs.submit(registry.active("inv", Duration.ZERO), List.of(input));
        assertTrue(job.await(Duration.ofSeconds(30)));
        assertEquals(JobState.SUCCEEDED, job.state(), () -> job.results().toString());
        BufferedImage in = ImageIO.read(input.toFile());
        BufferedImage out = ImageIO.read(home.out.resolve("chelsea-inv.png").toFile());
        assertEquals(in.getRGB(10, 20) & 0xFFFFFF, ~out.getRGB(10, 20) & 0xFFFFFF);
    }

    @Test void replacingTheJarUpdatesTheFilter() throws Exception {
        installFixture();
        invertPipeline("swap", 0);
        Home.await("pipeline swap to be ready", Duration.ofSeconds(5), () -> info("swap") != null && info("swap").state() == PipelineState.READY);
        assertTrue(runLog("swap").contains("inverted by fixture 0.1.0"));

        home.drop(withVersion(Home.fixtureJar(), "2.0.0"), "fixture.jar");
        Home.await("fixture 2.0.0 to be registered", Duration.ofSeconds(10),
                () -> catalog.element("fixture-invert").map(e -> e.bundle().endsWith("2.0.0")).orElse(false));
        Home.await("pipeline swap to be ready again", Duration.ofSeconds(5), () -> info("swap").state() == PipelineState.READY);
        assertTrue(runLog("swap").contains("inverted by fixture 2.0.0"));
    }

    private String runLog(String name) throws Exception {
        Files.deleteIfExists(home.out.resolve("chelsea-" + name + ".png"));
        Job job = jobs.submit(registry.active(name, Duration.ofSeconds(2)), List.of(Home.sample("chelsea.png")));
        assertTrue(job.await(Duration.ofSeconds(30)));
        assertEquals(JobState.SUCCEEDED, job.state(), () -> job.results().toString());
        return job.results().get(0).log().toString();
    }

    @Test void removingTheJarDuringAJobEndsTheJobCleanly() throws Exception {
        installFixture();
        invertPipeline("slow", 20_000);
        Home.await("pipeline slow to be ready", Duration.ofSeconds(5), () -> info("slow") != null && info("slow").state() == PipelineState.READY);
        Job job = jobs.submit(registry.active("slow", Duration.ZERO), List.of(Home.sample("chelsea.png")));
        Home.await("the slow step to start", Duration.ofSeconds(5), () -> job.progress() > 0.3);

        Files.delete(home.deploy.resolve("fixture.jar"));
        assertTrue(job.await(Duration.ofSeconds(10)), "the job must end, not hang");
        assertEquals(JobState.FAILED, job.state());
        String error = job.results().get(0).error();
        assertTrue(error.contains("dev.atelier.test.fixture") && error.contains("stopped"), error);
        assertFalse(Files.exists(home.out.resolve("chelsea-slow.png")), "no output from a job whose filter left");
        Home.await("the pipeline to wait for its filter again", Duration.ofSeconds(5), () -> info("slow").state() == PipelineState.WAITING);
    }

    @Test void aFilterThatThrowsFailsItsInputNamingStepBundleAndFile() throws Exception {
        installFixture();
        Path a = Files.copy(Home.sample("chelsea.png"), home.root.resolve("a.png"));
        Job job = jobs.submit(registry.chain("fixture-invert fail=true ! file path=" + home.out + "/{input}.png"), List.of(a));
        assertTrue(job.await(Duration.ofSeconds(20)));
        assertEquals(JobState.FAILED, job.state());
        String error = job.results().get(0).error();
        assertTrue(error.contains("step 1 'fixture-invert'") && error.contains("bundle dev.atelier.test.fixture")
                && error.contains("a.png") && error.contains("fixture asked to fail"), error);
        assertFalse(Files.exists(home.out.resolve("a.png")));
    }

    @Test void aJarThatIsNotABundleLeavesTheHostUp() throws Exception {
        Path junk = home.root.resolve("junk.jar");
        Files.writeString(junk, "this is not a jar");
        home.drop(junk, "junk.jar");
        Home.await("junk.jar to be reported", Duration.ofSeconds(5), () -> deployProblem("junk.jar") != null);
        assertTrue(deployProblem("junk.jar").contains("not a jar (zip) archive"), deployProblem("junk.jar"));
        Manifest plain = new Manifest();
        plain.getMainAttributes().putValue("Manifest-Version", "1.0");
        Path lib = home.root.resolve("lib.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(lib), plain)) {
            out.putNextEntry(new JarEntry("a/B.class"));
        }
        home.drop(lib, "lib.jar");
        Home.await("lib.jar to be reported", Duration.ofSeconds(5), () -> deployProblem("lib.jar") != null);
        assertTrue(deployProblem("lib.jar").contains("not an OSGi bundle") && deployProblem("lib.jar").contains("Bundle-SymbolicName"),
                deployProblem("lib.jar"));
        installFixture(); // the watcher goes on working after the bad jar
        assertTrue(catalog.element("file").isPresent());
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("dev.atelier.") && !b.getSymbolicName().endsWith("-tests")) {
                assertEquals(Bundle.ACTIVE, b.getState(), b.getSymbolicName() + " should still be active");
            }
        }
    }

    @Test void aBundleThatCannotResolveNamesTheMissingRequirement() throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().putValue("Manifest-Version", "1.0");
        m.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        m.getMainAttributes().putValue("Bundle-SymbolicName", "example.unresolvable");
        m.getMainAttributes().putValue("Import-Package", "com.example.missing.pkg");
        Path jar = home.root.resolve("unresolvable.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.putNextEntry(new JarEntry("readme.txt"));
            out.write("nothing".getBytes());
        }
        home.drop(jar, "unresolvable.jar");
        Home.await("the bundle to be installed", Duration.ofSeconds(5), () -> bundle("example.unresolvable") != null);
        Bundle b = bundle("example.unresolvable");
        assertEquals(Bundle.INSTALLED, b.getState());
        Home.await("the unresolvable bundle to be reported", Duration.ofSeconds(5), () -> deployProblem("unresolvable.jar") != null);
        assertTrue(deployProblem("unresolvable.jar").contains("cannot resolve: needs package com.example.missing"), deployProblem("unresolvable.jar"));
        BundleException e = assertThrows(BundleException.class, b::start);
        assertTrue(e.getMessage().contains("com.example.missing.pkg"), e.getMessage());
        assertNotNull(registry.pipelines());
        assertTrue(catalog.element("file").isPresent(), "the host goes on");
    }

    /**
     * A plugin built against the first API version (1.0.0: the fixture as it was at commit e03ed21, kept as a
     * jar in test/compat) installs and runs on today's host: the API has only grown since, by minor steps.
     */
    @Test void aPluginBuiltAgainstApi10RunsOnThisHost() throws Exception {
        Path old = java.nio.file.Paths.get(System.getProperty("atelier.compat.jar"));
        try (JarInputStream in = new JarInputStream(Files.newInputStream(old))) {
            assertTrue(in.getManifest().getMainAttributes().getValue("Import-Package").contains("dev.atelier.api;version=\"[1.0,2)\""),
                    "built against API 1.0");
        }
        home.drop(old, "fixture-api-1.0.jar");
        Home.await("the old fixture to be registered", Duration.ofSeconds(10), () -> catalog.element("fixture-invert").isPresent());
        Path input = Files.copy(Home.sample("chelsea.png"), home.root.resolve("old.png"));
        Job job = jobs.submit(registry.chain("fixture-invert ! file path=" + home.out + "/{input}.png"), List.of(input));
        assertTrue(job.await(Duration.ofSeconds(30)));
        assertEquals(JobState.SUCCEEDED, job.state(), () -> job.results().toString());
        BufferedImage in = ImageIO.read(input.toFile()), out = ImageIO.read(home.out.resolve("old.png").toFile());
        assertEquals(in.getRGB(5, 5) & 0xFFFFFF, ~out.getRGB(5, 5) & 0xFFFFFF);
    }

    private Bundle bundle(String bsn) {
        return Stream.of(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst().orElse(null);
    }

    /** The same jar with another Bundle-Version: a real update of the plugin. */
    private Path withVersion(Path jar, String version) throws IOException {
        Path out = home.root.resolve("fixture-" + version + ".jar");
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest m = in.getManifest();
            m.getMainAttributes().putValue("Bundle-Version", version);
            try (JarOutputStream o = new JarOutputStream(Files.newOutputStream(out), m)) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                    o.putNextEntry(new JarEntry(e.getName()));
                    o.write(readAll(in));
                }
            }
        }
        return out;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toByteArray();
    }
}
