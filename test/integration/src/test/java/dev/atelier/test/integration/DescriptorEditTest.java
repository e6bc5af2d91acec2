package dev.atelier.test.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.Job;
import dev.atelier.core.JobState;
import dev.atelier.core.PipelineInfo;
import dev.atelier.core.PipelineState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Descriptors edited in place while the host runs. */
class DescriptorEditTest extends HostTest {

    private String convert(int quality) {
        return "name: convert\noutputs:\n  - file: {path: \"" + home.out + "/{input}-q" + quality + ".jpg\", quality: " + quality + "}\n";
    }

    private PipelineInfo info() {
        return registry.pipeline("convert").orElse(null);
    }

    @Test void aBrokenEditKeepsTheLastGoodVersionActive() throws Exception {
        Path file = home.descriptor("convert", convert(50));
        Home.await("convert to be ready", Duration.ofSeconds(5), () -> info() != null && info().state() == PipelineState.READY);

        // quality out of range on line 3: invalid, with file, line and step named
        Files.writeString(file, "name: convert\noutputs:\n  - file: {path: \"" + home.out + "/{input}-q.jpg\", quality: 400}\n");
        Home.await("the edit to be seen", Duration.ofSeconds(5), () -> info().state() == PipelineState.INVALID);
        String problem = info().problems().get(0).toString();
        assertTrue(problem.contains("convert.pipeline.yaml:3") && problem.contains("step 1 'file'") && problem.contains("quality"), problem);
        assertNotNull(info().active(), "the last good version stays active");

        Job job = jobs.submit(registry.active("convert", Duration.ZERO), List.of(Home.sample("chelsea.png")));
        assertTrue(job.await(Duration.ofSeconds(20)));
        assertEquals(JobState.SUCCEEDED, job.state(), () -> job.results().toString());
        assertTrue(Files.exists(home.out.resolve("chelsea-q50.jpg")), "ran the last good version");

        // malformed YAML: still invalid, still the last good version
        Files.writeString(file, "name: convert\noutputs: [ {file: {path: x.png}\n");
        Home.await("the malformed edit to be seen", Duration.ofSeconds(5),
                () -> info().problems().stream().anyMatch(p -> p.message().contains("malformed YAML")));
        assertNotNull(info().active());

        // fixed: the new version becomes active
        Files.writeString(file, convert(70));
        Home.await("the fixed version to be ready", Duration.ofSeconds(5), () -> info().state() == PipelineState.READY
                && info().active().outputs().get(0).values().get("quality").equals(70L));

        Files.delete(file);
        Home.await("the pipeline to be removed", Duration.ofSeconds(5), () -> info() == null);
    }

    @Test void twoFilesWithOneNameAreRefused() throws Exception {
        home.descriptor("a", convert(50));
        Home.await("a to be ready", Duration.ofSeconds(5), () -> info() != null);
        home.descriptor("b", convert(60));
        Home.await("the clash to be reported", Duration.ofSeconds(5),
                () -> registry.pipelines().stream().anyMatch(p -> p.state() == PipelineState.INVALID && p.message().contains("already used")));
        assertEquals(PipelineState.READY, info().state());
    }
}
