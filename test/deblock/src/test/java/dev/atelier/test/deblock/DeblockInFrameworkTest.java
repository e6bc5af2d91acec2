package dev.atelier.test.deblock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Deeplearning4j inside the real host: the library bundle (dev.atelier.lib.dl4j, 146 MB, natives included)
 * stays installed; the deblock bundle is installed, used, uninstalled and installed again, and its network
 * still runs, without a native library error.
 */
class DeblockInFrameworkTest {
    @InjectBundleContext BundleContext context;
    @InjectService Catalog catalog;
    @InjectService PipelineRegistry registry;
    @InjectService JobService jobs;
    @TempDir static Path dir;
    static Path network, jpeg, png;

    @BeforeAll static void fixtures() throws Exception {
        network = dir.resolve("fixture.zip");
        Thread t = Thread.currentThread();
        ClassLoader old = t.getContextClassLoader();
        t.setContextClassLoader(MultiLayerNetwork.class.getClassLoader()); // ND4J finds its backend through it
        try {
            NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(42).weightInit(WeightInit.XAVIER).list();
            int[] widths = {3, 8, 8, 8, 8, 3};
            for (int i = 0; i < 5; i++) {
                b.layer(new ConvolutionLayer.Builder(3, 3).nIn(widths[i]).nOut(widths[i + 1]).convolutionMode(ConvolutionMode.Same)
                        .activation(i < 4 ? Activation.RELU : Activation.IDENTITY).build());
            }
            MultiLayerConfiguration conf = b.setInputType(InputType.convolutional(64, 64, 3)).build();
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            ModelSerializer.writeModel(net, network.toFile(), false);
        } finally {
            t.setContextClassLoader(old);
        }
        BufferedImage photo = ImageIO.read(Path.of(System.getProperty("atelier.samples")).resolve("chelsea.png").toFile());
        jpeg = dir.resolve("chelsea.jpg");
        png = dir.resolve("chelsea.png");
        // quality 30: the filter passes JPEGs finer than its training range (quality above about 50) through
        var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        var param = writer.getDefaultWriteParam();
        param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.3f);
        try (var stream = ImageIO.createImageOutputStream(jpeg.toFile())) {
            writer.setOutput(stream);
            writer.write(null, new javax.imageio.IIOImage(photo, null, null), param);
        }
        writer.dispose();
        ImageIO.write(photo, "png", png.toFile());
    }

    private Bundle install() throws Exception {
        Path jar = Path.of(System.getProperty("atelier.deblock.jar"));
        assertTrue(Files.isRegularFile(jar), "the deblock bundle is built: " + jar);
        Bundle b = context.installBundle("reference:" + jar.toUri());
        b.start();
        await(() -> catalog.element("deblock").isPresent(), "the deblock filter to be registered");
        return b;
    }

    private Job run(String chain, Path input) throws Exception {
        Job job = jobs.submit(registry.chain(chain), List.of(input));
        assertTrue(job.await(Duration.ofSeconds(120)), "job ends");
        return job;
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    private static int[] pixels(Path p) throws Exception {
        BufferedImage img = ImageIO.read(p.toFile());
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    @Test void theFilterRunsIsUninstalledAndReinstalledAndRunsAgain() throws Exception {
        Bundle b = install();
        Path first = dir.resolve("first.png"), second = dir.resolve("second.png");
        Job job = run("deblock model=" + network + " tile=64 ! file path=" + first, jpeg);
        assertEquals(JobState.SUCCEEDED, job.state(), () -> job.results().toString());

        b.uninstall();
        await(() -> catalog.element("deblock").isEmpty(), "the deblock filter to go");
        Bundle again = install();
        Job job2 = run("deblock model=" + network + " tile=64 ! file path=" + second, jpeg);
        assertEquals(JobState.SUCCEEDED, job2.state(), () -> job2.results().toString());
        assertArrayEquals(pixels(first), pixels(second), "the same network gives the same picture after the reinstall");
        assertFalse(java.util.Arrays.equals(pixels(first), pixels(jpeg)), "the network changed the picture");
        again.uninstall();
    }

    @Test void aCorruptModelFailsTheInputNotTheHostAndAPngPassesThrough() throws Exception {
        Bundle b = install();
        // not even a zip: refused when the chain is read
        Path junk = dir.resolve("junk.zip");
        Files.writeString(junk, "not a network");
        dev.atelier.core.DescriptorException refused = org.junit.jupiter.api.Assertions.assertThrows(dev.atelier.core.DescriptorException.class,
                () -> run("deblock model=" + junk + " ! file path=" + dir.resolve("junk.png"), jpeg));
        assertTrue(refused.getMessage().contains("parameter 'model'") && refused.getMessage().contains("is not a network file"), refused.getMessage());
        // a zip that looks like a network but is not one: the input fails when the job runs, the host goes on
        Path bad = dir.resolve("bad.zip");
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(bad))) {
            z.putNextEntry(new java.util.zip.ZipEntry("configuration.json"));
            z.write("{ not json".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Job job = run("deblock model=" + bad + " ! file path=" + dir.resolve("bad.png"), jpeg);
        assertEquals(JobState.FAILED, job.state());
        String error = job.results().get(0).error();
        assertTrue(error.contains("cannot be read as a network"), error);
        assertFalse(Files.exists(dir.resolve("bad.png")));

        Path out = dir.resolve("passed.png");
        Job passed = run("deblock model=" + network + " ! file path=" + out, png);
        assertEquals(JobState.SUCCEEDED, passed.state(), () -> passed.results().toString());
        assertArrayEquals(pixels(png), pixels(out), "a PNG has no JPEG blocks: it passes through unchanged");
        b.uninstall();
    }
}
