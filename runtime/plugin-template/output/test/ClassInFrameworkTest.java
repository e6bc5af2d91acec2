package @@PACKAGE@@;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.Catalog;
import dev.atelier.core.Job;
import dev.atelier.core.JobService;
import dev.atelier.core.JobState;
import dev.atelier.core.PipelineRegistry;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/** The plugin in a real Felix with Atelier's core: listed with its parameters, run as a chain's output. */
@ExtendWith(ServiceExtension.class)
class @@CLASS@@InFrameworkTest {
    @InjectService Catalog catalog;
    @InjectService PipelineRegistry registry;
    @InjectService JobService jobs;

    @Test void writesItsFileAsAChainsOutput() throws Exception {
        assertTrue(catalog.element("@@NAME@@").isPresent(), "registered: " + catalog.elements());
        assertEquals(List.of("path", "overwrite"), catalog.element("@@NAME@@").get().parameters().stream().map(p -> p.name()).toList());
        Path dir = Files.createTempDirectory("@@NAME@@-test");
        BufferedImage image = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
        Path in = dir.resolve("in.png");
        ImageIO.write(image, "png", in.toFile());
        Job job = jobs.submit(registry.chain("@@NAME@@ path=" + dir + "/{input}.txt"), List.of(in));
        assertTrue(job.await(Duration.ofSeconds(30)));
        assertEquals(JobState.SUCCEEDED, job.state(), () -> job.results().toString());
        assertEquals("4x2 mean #000000", Files.readString(dir.resolve("in.txt")).trim());
    }
}
