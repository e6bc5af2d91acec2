package dev.atelier.test.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.DescriptorException;
import dev.atelier.core.HostHealth;
import dev.atelier.core.Job;
import dev.atelier.core.JobService;
import dev.atelier.core.JobState;
import dev.atelier.core.StuckStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.test.common.annotation.InjectService;

/** The hostile bundle (test/hostile) in a running host: whatever its filters do, the host goes on at full width. */
class HostileBundleTest extends HostTest {
    @InjectService HostHealth health;
    Configuration jobsConfig;

    @BeforeEach void installHostile() throws Exception {
        jobsConfig = cm.getConfiguration("dev.atelier.core.jobs", "?");
        configure("cancel.grace.seconds", "1");
        home.drop(Paths.get(System.getProperty("atelier.hostile.jar")), "hostile.jar");
        Home.await("the hostile filters to be registered", Duration.ofSeconds(10), () -> java.util.stream.Stream.of(
                "hostile-throw", "hostile-spin", "hostile-null", "hostile-hog", "hostile-broken", "hostile-badcheck", "hostile-exit")
                .allMatch(n -> catalog.element(n).isPresent()));
    }

    @AfterEach void restoreConfiguration() throws Exception {
        jobsConfig.delete();
        Home.await("the default configuration", Duration.ofSeconds(5), () -> property("cancel.grace.seconds") == null);
    }

    private void configure(String key, String value) throws Exception {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(key, value);
        jobsConfig.update(p);
        Home.await("the job service to take " + key + "=" + value, Duration.ofSeconds(5), () -> value.equals(property(key)));
    }

    /** The job service's component properties carry its configuration once it is applied. */
    private Object property(String key) {
        ServiceReference<JobService> ref = context.getServiceReference(JobService.class);
        return ref == null ? null : ref.getProperty(key);
    }

    private Path input(String name) throws Exception {
        return Files.copy(Home.sample("chelsea.png"), home.root.resolve(name));
    }

    private Job run(String chain, Path... inputs) throws Exception {
        return jobs.submit(registry.chain(chain + " ! file path=" + home.out + "/{input}.png"), List.of(inputs));
    }

    @Test void anyThrowableFailsItsInputAtOnceWithItsClassAndMessage() throws Exception {
        String[][] cases = {
            {"stack-overflow", "java.lang.StackOverflowError"},
            {"assertion", "java.lang.AssertionError: hostile: an assertion failed"},
            {"error", "PluginDeath: hostile: a plugin's own Error"},
            {"no-class-def", "java.lang.NoClassDefFoundError: com/example/Missing"},
            {"bare-exception", "java.lang.IllegalStateException"},
        };
        for (String[] c : cases) {
            Path in = input(c[0] + ".png");
            Job job = run("hostile-throw what=" + c[0], in);
            assertTrue(job.await(Duration.ofSeconds(20)), c[0] + ": the job must end, not hang at 0 %");
            assertEquals(JobState.FAILED, job.state(), c[0]);
            String error = job.results().get(0).error();
            assertTrue(error.contains(c[1]) && error.contains("step 1 'hostile-throw'") && error.contains("dev.atelier.test.hostile")
                    && error.contains(c[0] + ".png"), c[0] + ": " + error);
            assertFalse(Files.exists(home.out.resolve(c[0] + ".png")));
        }
    }

    @Test void aPluginThatEndsTheJvmFailsItsInputAndTheHostGoesOn() throws Exception {
        String[][] cases = {{"system", "System.exit(40)"}, {"runtime", "Runtime.exit(41)"}, {"halt", "Runtime.halt(42)"}};
        for (String[] c : cases) {
            Job job = run("hostile-exit how=" + c[0], input(c[0] + ".png"));
            assertTrue(job.await(Duration.ofSeconds(20)), c[0]);
            assertEquals(JobState.FAILED, job.state(), c[0]);
            String error = job.results().get(0).error();
            assertTrue(error.contains(c[1] + " called by a plugin: refused, the host goes on")
                    && error.contains("step 1 'hostile-exit'"), c[0] + ": " + error);
        }
        Job after = jobs.submit(registry.chain("file path=" + home.out + "/{input}-after.png"), List.of(input("still.png")));
        assertTrue(after.await(Duration.ofSeconds(20)));
        assertEquals(JobState.SUCCEEDED, after.state(), () -> after.results().toString());
    }

    @Test void nullAndOutOfMemoryFailOnlyTheirInput() throws Exception {
        Job nothing = run("hostile-null", input("n.png"));
        assertTrue(nothing.await(Duration.ofSeconds(20)));
        assertTrue(nothing.results().get(0).error().contains("returned nothing for n.png"), nothing.results().get(0).error());
        Job hog = run("hostile-hog", input("h.png"));
        assertTrue(hog.await(Duration.ofSeconds(20)));
        assertTrue(hog.results().get(0).error().contains("out of memory"), hog.results().get(0).error());
        Job after = jobs.submit(registry.chain("file path=" + home.out + "/{input}-after.png"), List.of(input("ok.png")));
        assertTrue(after.await(Duration.ofSeconds(20)));
        assertEquals(JobState.SUCCEEDED, after.state(), () -> after.results().toString());
    }

    @Test void aSpinningStepLosesItsThreadNeverAWorker() throws Exception {
        int width = jobs.workers();
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < width; i++) inputs.add(input("spin" + i + ".png"));
        Job spin = run("hostile-spin seconds=8", inputs.toArray(Path[]::new));
        Thread.sleep(700); // every worker is inside the spinning step
        long t0 = System.nanoTime();
        spin.cancel();
        assertTrue(spin.await(Duration.ofSeconds(10)), "a cancelled job ends after the grace period, spinning or not");
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "within the 1 s grace, not after the spin");
        for (Job.FileResult r : spin.results()) {
            assertTrue(r.error().contains("did not stop within 1 s") && r.error().contains("abandoned"), r.error());
        }
        List<StuckStep> stuck = jobs.stuckSteps();
        assertEquals(width, stuck.size(), stuck.toString());
        for (StuckStep s : stuck) {
            assertEquals(spin.id(), s.job());
            assertTrue(s.step().contains("hostile-spin") && s.bundle().startsWith("dev.atelier.test.hostile")
                    && s.input().getFileName().toString().startsWith("spin"), s.toString());
        }
        assertEquals(width, jobs.workers(), "the pool keeps its width");

        // the next job runs at full width while the spinning threads go on
        List<Path> more = new ArrayList<>();
        for (int i = 0; i < width; i++) more.add(input("next" + i + ".png"));
        Job next = jobs.submit(registry.chain("file path=" + home.out + "/{input}.png"), more);
        assertTrue(next.await(Duration.ofSeconds(20)), "a job after a stuck one must not wait for it");
        assertEquals(JobState.SUCCEEDED, next.state(), () -> next.results().toString());

        // removing the bundle that owns the stuck steps leaves the host working
        Files.delete(home.deploy.resolve("hostile.jar"));
        Home.await("the hostile bundle to go", Duration.ofSeconds(10), () -> catalog.element("hostile-spin").isEmpty());
        assertTrue(catalog.element("file").isPresent());
        Home.await("the spinning threads to come back", Duration.ofSeconds(15), () -> jobs.stuckSteps().isEmpty());
    }

    @Test void aStepThatEndedIsNeverReportedAsStuck() throws Exception {
        home.drop(Home.fixtureJar(), "fixture.jar");
        Home.await("the fixture", Duration.ofSeconds(10), () -> catalog.element("fixture-invert").isPresent());
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < 4; i++) inputs.add(input("c" + i + ".png"));
        Job job = jobs.submit(registry.chain("fixture-invert delay=3000 ! file path=" + home.out + "/{input}.png"), inputs);
        Thread.sleep(300);
        job.cancel();
        assertTrue(job.await(Duration.ofSeconds(10)));
        Thread.sleep(1500); // past the grace period: nothing may change the results now
        assertEquals(4, job.results().size());
        for (Job.FileResult r : job.results()) assertFalse(r.error().contains("did not stop"), r.error());
        assertTrue(jobs.stuckSteps().isEmpty());
    }

    @Test void aComponentWhoseActivateThrowsIsListedWithItsErrorAndARunSaysSo() throws Exception {
        String failure = catalog.failure("hostile-broken").orElseThrow();
        assertTrue(failure.contains("failed to start") && failure.contains("activate refused, no licence key found"), failure);
        assertTrue(catalog.failure("hostile-null").isEmpty());
        Job job = run("hostile-broken", input("b.png"));
        assertTrue(job.await(Duration.ofSeconds(20)));
        String error = job.results().get(0).error();
        assertTrue(error.contains("failed to start") && error.contains("activate refused") && !error.contains("is gone"), error);
    }

    @Test void aPluginCheckThatThrowsOrHangsMakesThePipelineInvalidNotTheHost() throws Exception {
        DescriptorException e = assertThrows(DescriptorException.class, () -> registry.chain("hostile-badcheck ! file path=out/{input}.png"));
        assertTrue(e.getMessage().contains("the parameter check of 'hostile-badcheck'") && e.getMessage().contains("the check itself broke"), e.getMessage());
        long t0 = System.nanoTime();
        home.descriptor("hangs", "steps:\n  - hostile-badcheck: {mode: hang}\noutputs:\n  - file: {path: \"out/{input}.png\"}\n");
        home.descriptor("fine", "outputs:\n  - file: {path: \"out/{input}.png\"}\n");
        Home.await("both pipelines to be read", Duration.ofSeconds(15),
                () -> registry.pipeline("hangs").isPresent() && registry.pipeline("fine").isPresent());
        assertTrue(registry.pipeline("hangs").get().message().contains("did not answer within 5 s"), registry.pipeline("hangs").get().message());
        assertEquals(dev.atelier.core.PipelineState.READY, registry.pipeline("fine").get().state());
        assertTrue(System.nanoTime() - t0 < 14_000_000_000L);
    }

    @Test void aHangingPluginCheckHoldsUpNoBundleThatStarts() throws Exception {
        home.descriptor("hangs", "steps:\n  - hostile-badcheck: {mode: hang}\noutputs:\n  - file: {path: \"out/{input}.png\"}\n");
        Home.await("the hanging check to be under way", Duration.ofSeconds(10), () -> Thread.getAllStackTraces().values().stream()
                .anyMatch(frames -> java.util.Arrays.stream(frames).anyMatch(f -> f.getClassName().endsWith("BadCheckFilter") && f.getMethodName().equals("check"))));
        // a plugin's service registers on the thread that starts its bundle; the pipelines are re-checked on the
        // registry's own thread, so this start does not wait for the check above to time out
        org.osgi.framework.Bundle fixture = context.installBundle(Home.fixtureJar().toUri().toString());
        try {
            long t0 = System.nanoTime();
            fixture.start();
            long startMillis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(catalog.element("fixture-invert").isPresent());
            assertTrue(startMillis < 2000, "the bundle took " + startMillis + " ms to start while a plugin check hung");
            // and what the registry says once that check has timed out includes the new filter
            home.descriptor("inverts", "steps:\n  - fixture-invert\noutputs:\n  - file: {path: \"out/{input}.png\"}\n");
            Home.await("the new pipeline to be read", Duration.ofSeconds(15), () -> registry.pipeline("inverts").isPresent());
            assertEquals(dev.atelier.core.PipelineState.READY, registry.pipeline("inverts").get().state());
            assertTrue(registry.pipeline("hangs").get().message().contains("did not answer within 5 s"), registry.pipeline("hangs").get().message());
        } finally {
            fixture.uninstall();
        }
    }

    @Test void aBadConfigurationIsNamedAndTheLastGoodOneStays() throws Exception {
        int width = jobs.workers();
        configure("threads", "abc");
        assertEquals(width, jobs.workers(), "the last good configuration stays");
        String problem = String.join("\n", jobs.configurationProblems());
        assertTrue(problem.contains("threads = 'abc'") && problem.contains("0 .. 1024"), problem);
        configure("max.megapixels", "-5");
        problem = String.join("\n", jobs.configurationProblems());
        assertTrue(problem.contains("max.megapixels = '-5'") && problem.contains("below the minimum"), problem);
        configure("threads", "3");
        assertTrue(jobs.configurationProblems().isEmpty(), jobs.configurationProblems().toString());
        assertEquals(3, jobs.workers(), "a good value applies to the running host");
    }
}
