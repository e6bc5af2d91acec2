package dev.atelier.test.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.Job;
import dev.atelier.core.JobState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;

/** Every atelier:* command, called through Gogo's CommandProcessor as a person at the shell would. */
class ShellCommandsTest extends HostTest {
    @InjectService CommandProcessor processor;
    ByteArrayOutputStream out;
    CommandSession session;

    @BeforeEach void openSession() {
        out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), ps, ps);
    }

    @AfterEach void closeSession() {
        session.close();
    }

    private String exec(String command) throws Exception {
        out.reset();
        session.execute(command);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test void filtersListsInstalledElementsWithBundleAndTypes() throws Exception {
        String text = exec("atelier:filters");
        assertTrue(text.contains("file") && text.contains("sink") && text.contains("raster") && text.contains("dev.atelier.plugin.file"), text);
    }

    @Test void inspectPrintsEveryParameterLikeGstInspect() throws Exception {
        String text = exec("atelier:inspect file");
        assertTrue(text.contains("quality") && text.contains("integer") && text.contains("default 92") && text.contains("range 1 .. 100"), text);
        assertTrue(text.contains("path") && text.contains("required"), text);
        assertTrue(text.contains("one of auto, png, jpeg, bmp, tiff"), text);
        Exception e = assertThrows(Exception.class, () -> exec("atelier:inspect nosuch"));
        assertTrue(e.getMessage().contains("no filter or output named 'nosuch'"), e.getMessage());
    }

    @Test void pipelinesShowAndValidate() throws Exception {
        Path good = home.descriptor("web", "outputs:\n  - file: {path: \"" + home.out + "/{input}.jpg\"}\n");
        home.descriptor("broken", "outputs:\n  - file: {pathh: x.png}\n");
        Home.await("both descriptors to be read", Duration.ofSeconds(5), () -> registry.pipelines().size() >= 2);
        String list = exec("atelier:pipelines");
        assertTrue(list.contains("web") && list.contains("ready"), list);
        assertTrue(list.contains("broken") && list.contains("invalid") && list.contains("unknown parameter 'pathh'"), list);
        String show = exec("atelier:show web");
        assertTrue(show.contains("pipeline web") && show.contains("output 1 'file'"), show);
        String valid = exec("atelier:validate " + good);
        assertTrue(valid.contains("ok, pipeline 'web'"), valid);
        Exception e = assertThrows(Exception.class, () -> exec("atelier:validate " + home.pipelines.resolve("broken.pipeline.yaml")));
        assertTrue(e.getMessage().contains("broken.pipeline.yaml:2") && e.getMessage().contains("pathh"), e.getMessage());
    }

    @Test void runShowsProgressAndWritesTheResult() throws Exception {
        Path target = home.out.resolve("cat.png");
        String text = exec("atelier:run \"file path=" + target + "\" " + Home.sample("chelsea.png"));
        assertTrue(text.contains("100%") && text.contains("succeeded"), text);
        assertTrue(Files.size(target) > 1000);
        assertTrue(exec("atelier:jobs").contains("succeeded"));
    }

    @Test void cancelStopsARunningJob() throws Exception {
        home.drop(Home.fixtureJar(), "fixture.jar");
        Home.await("fixture-invert", Duration.ofSeconds(10), () -> catalog.element("fixture-invert").isPresent());
        Path target = home.out.resolve("never.png");
        Object id = session.execute("atelier:run -b \"fixture-invert delay=20000 ! file path=" + target + "\" " + Home.sample("chelsea.png"));
        Job job = jobs.job((Long) id).orElseThrow();
        Home.await("the job to run", Duration.ofSeconds(5), () -> job.progress() > 0.2);
        assertTrue(exec("atelier:cancel " + id).contains("cancel requested"));
        assertTrue(job.await(Duration.ofSeconds(10)));
        assertEquals(JobState.CANCELLED, job.state());
        assertTrue(Files.notExists(target));
        assertTrue(exec("atelier:jobs").contains("cancelled"));
    }

    @Test void jobsTellDoneFailedAndCancelledAndListAChainByItsText() throws Exception {
        java.nio.file.Path in = Files.createDirectories(home.root.resolve("in"));
        Files.copy(Home.sample("coffee.png"), in.resolve("a.png"));
        Files.writeString(in.resolve("b.png"), "not a png");
        Job job = jobs.submit(registry.chain("file path=" + home.out + "/{input}-j.png"), java.util.List.of(in));
        assertTrue(job.await(Duration.ofSeconds(20)));
        String text = exec("atelier:jobs");
        String row = text.lines().filter(l -> l.startsWith(job.id() + " ")).findFirst().orElseThrow(() -> new AssertionError(text));
        assertTrue(row.matches(job.id() + "\\s+file path=\\S+\\s+failed\\s+-\\s+1\\s+1\\s+0\\s+2\\s+.*"),
                "the chain's text, 1 done, 1 failed, 0 cancelled, 2 inputs: " + row);
        assertTrue(text.contains("DONE") && text.contains("CANCELLED"), text);
    }
}
