package dev.atelier.test.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configuration, bad descriptors and awkward inputs through the exported jar: what a user sees, and the exit code. */
class HostileInputTest {
    @TempDir Path home;
    Path out;

    @BeforeEach void folders() throws IOException {
        out = AtelierProcess.home(home);
    }

    AtelierProcess.Result atelier(String... args) throws Exception {
        return AtelierProcess.run(home, args);
    }

    private Path sample(String name) {
        return AtelierProcess.SAMPLES.resolve(name);
    }

    @Test void aBadConfigurationValueExitsTwoNamingFileKeyValueAndRange() throws Exception {
        Files.writeString(home.resolve("etc/dev.atelier.core.jobs.cfg"), "threads=abc\n");
        AtelierProcess.Result r = atelier("run", "file path=out/{input}.png", sample("coffee.png").toString());
        assertEquals(2, r.code(), r.stderr());
        assertTrue(r.stderr().contains("dev.atelier.core.jobs.cfg: threads = 'abc'") && r.stderr().contains("0 .. 1024"), r.stderr());
        assertFalse(Files.exists(out.resolve("coffee.png")), "nothing runs on a bad configuration");

        Files.writeString(home.resolve("etc/dev.atelier.core.jobs.cfg"), "max.megapixels=-5\n");
        r = atelier("run", "file path=out/{input}.png", sample("coffee.png").toString());
        assertEquals(2, r.code(), r.stderr());
        assertTrue(r.stderr().contains("max.megapixels = '-5'") && r.stderr().contains("below the minimum 0.001"), r.stderr());

        Files.writeString(home.resolve("etc/dev.atelier.core.jobs.cfg"), "thread=4\n");
        r = atelier("run", "file path=out/{input}.png", sample("coffee.png").toString());
        assertEquals(2, r.code(), r.stderr());
        assertTrue(r.stderr().contains("unknown key 'thread'; the keys are threads"), r.stderr());
    }

    @Test void loadTimeChecksExitTwoBeforeAnyInputIsTouched() throws Exception {
        AtelierProcess.Result r = atelier("run", "dither palette=nosuch ! file path=out/{inptu}.png", sample("coffee.png").toString());
        assertEquals(2, r.code(), r.stderr());
        assertTrue(r.stderr().contains("parameter 'palette': no palette named 'nosuch'"), r.stderr());
        r = atelier("run", "file path=out/{inptu}.png", sample("coffee.png").toString());
        assertEquals(2, r.code(), r.stderr());
        assertTrue(r.stderr().contains("unknown placeholder {inptu}"), r.stderr());
        r = atelier("run", "file path=out/{input}.webp", sample("coffee.png").toString());
        assertEquals(2, r.code(), r.stderr());
        assertTrue(r.stderr().contains("cannot write .webp files"), r.stderr());
        r = atelier("run", "file path=out/{input}.svg", sample("coffee.png").toString());
        assertEquals(2, r.code(), r.stderr());
        assertTrue(r.stderr().contains("needs a drawing"), r.stderr());
        r = atelier("run", "--wait", "1", "linfy ! file path=out/{input}.svg", sample("coffee.png").toString());
        assertEquals(2, r.code(), r.stderr());
        assertTrue(r.stderr().contains("did you mean 'linify'?"), r.stderr());
        try (Stream<Path> s = Files.list(home)) {
            assertFalse(Files.exists(out), "no output folder made: " + s.toList());
        }
    }

    @Test void aFileThatIsNotAPaletteIsNeverEchoed() throws Exception {
        Path secret = Files.writeString(home.resolve("secret.txt"), "root:$6$hunter2hash:19000:0:99999:7:::\nAPI_KEY=abcdef\n");
        AtelierProcess.Result r = atelier("run", "dither palette=" + secret + " ! file path=out/{input}.png", sample("coffee.png").toString());
        assertEquals(2, r.code(), r.stderr());
        assertTrue(r.stderr().contains("parameter 'palette'") && r.stderr().contains("secret.txt:1: not a colour"), r.stderr());
        assertFalse(r.stderr().contains("hunter2") || r.stdout().contains("hunter2") || r.stderr().contains("API_KEY"), r.stderr());
    }

    @Test void twoInputsForOneOutputFileAreRefusedNamingBoth() throws Exception {
        Path in = Files.createDirectories(home.resolve("in"));
        Files.copy(sample("coffee.png"), in.resolve("good.png"));
        ImageIO.write(ImageIO.read(sample("coffee.png").toFile()), "jpeg", in.resolve("good.jpg").toFile());
        AtelierProcess.Result r = atelier("run", "file path=out/{input}.png", in.toString());
        assertEquals(2, r.code(), r.stderr());
        assertTrue(r.stderr().contains("good.jpg") && r.stderr().contains("good.png") && r.stderr().contains("would both be written to"), r.stderr());
        assertFalse(Files.exists(out.resolve("good.png")));
        r = atelier("run", "file path=out/{input}-{format}.png", in.toString());
        assertEquals(0, r.code(), r.stderr());
        assertTrue(Files.exists(out.resolve("good-png.png")) && Files.exists(out.resolve("good-jpeg.png")));
    }

    @Test void anInputNamedWithDotsStaysInTheOutputFolder() throws Exception {
        Path in = Files.createDirectories(home.resolve("in"));
        Files.copy(sample("coffee.png"), in.resolve("...png"));
        AtelierProcess.Result r = atelier("run", "file path=out/{input}/x.png", in.resolve("...png").toString());
        assertEquals(0, r.code(), r.stderr());
        assertTrue(Files.exists(out.resolve("___/x.png")), r.stdout());
        assertFalse(Files.exists(home.resolve("x.png")), "nothing written outside out/");
    }

    @Test void greyAndTransparentImagesComeOutAsTheyWent() throws Exception {
        BufferedImage grey = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_GRAY);
        int[] levels = {0, 30, 128, 255};
        for (int x = 0; x < 4; x++) grey.getRaster().setSample(x, 0, 0, levels[x]);
        ImageIO.write(grey, "png", home.resolve("grey.png").toFile());
        BufferedImage alpha = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        alpha.setRGB(0, 0, 0x00FF0000);
        ImageIO.write(alpha, "png", home.resolve("clear.png").toFile());
        AtelierProcess.Result r = atelier("run", "file path=out/{input}-copy.png", home.resolve("grey.png").toString(), home.resolve("clear.png").toString());
        assertEquals(0, r.code(), r.stderr());
        BufferedImage back = ImageIO.read(out.resolve("grey-copy.png").toFile());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, back.getType(), "a grey image is written as a grey PNG");
        for (int x = 0; x < 4; x++) assertEquals(levels[x], back.getRaster().getSample(x, 0, 0), "grey " + levels[x]);
        assertEquals(0xFFFFFF, ImageIO.read(out.resolve("clear-copy.png").toFile()).getRGB(0, 0) & 0xFFFFFF, "transparent red is white, not red");
    }

    @Test void descriptorsWithSpacesAndTheYmlSpellingRunByName() throws Exception {
        Files.writeString(home.resolve("pipelines/my web.pipeline.yml"), "outputs:\n  - file: {path: \"out/{input}.png\"}\n");
        AtelierProcess.Result r = atelier("run", "my web", sample("coffee.png").toString());
        assertEquals(0, r.code(), r.stderr());
        assertTrue(Files.exists(out.resolve("coffee.png")));
    }

    @Test void aHugeDescriptorIsRefusedAndTheOthersStillLoad() throws Exception {
        Files.writeString(home.resolve("pipelines/huge.pipeline.yaml"), "name: \"" + "x".repeat(3 << 20) + "\"\n");
        Files.writeString(home.resolve("pipelines/web.pipeline.yaml"), "outputs:\n  - file: {path: \"out/{input}.png\"}\n");
        long t0 = System.nanoTime();
        AtelierProcess.Result r = atelier("run", "web", sample("coffee.png").toString());
        assertEquals(0, r.code(), r.stderr());
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "the huge file does not hold up the others");
        AtelierProcess.Result p = atelier("pipelines");
        assertTrue(p.stdout().contains("over the limit of 1,048,576"), p.stdout());
    }

    /**
     * A plugin that ends the JVM, in the exported host: the exit guard registers its weaving hook only once a bundle
     * that is not the host's own is there, and that must still be before any of the plugin's classes loads. Both ways
     * a plugin comes: in deploy/ before the start (the guard finds it as it activates) and dropped in while the host
     * runs (the guard hears of its install). Each run fails its input with the guard's message; the JVM does not end
     * with 40.
     */
    @Test void aDeployedPluginThatCallsSystemExitFailsItsInputNotTheHost() throws Exception {
        Path hostile = Path.of(System.getProperty("atelier.root"), "test", "hostile", "target", "hostile.jar");
        assertTrue(Files.isRegularFile(hostile), hostile + " is built by the test reactor (test/hostile)");
        String chain = "hostile-exit how=system ! file path=out/{input}.png";
        Files.copy(hostile, home.resolve("deploy/hostile.jar"));
        assertGuarded(atelier("run", chain, sample("coffee.png").toString()));

        Files.delete(home.resolve("deploy/hostile.jar"));
        // dropped in 3 s after the JVM started (the host is ready in 1-2 s on 2 cores; run --wait gives the plugin 60 s)
        assertGuarded(AtelierProcess.run(home, 3000, () -> Files.copy(hostile, home.resolve("deploy/hostile.jar")),
                "run", "--wait", "60", chain, sample("coffee.png").toString()));
    }

    private void assertGuarded(AtelierProcess.Result r) {
        String all = r.stdout() + r.stderr();
        assertEquals(1, r.code(), all);
        assertTrue(all.contains("System.exit(40) called by a plugin: refused, the host goes on") && all.contains("0 of 1 inputs done, 1 failed"), all);
        assertFalse(Files.exists(out.resolve("coffee.png")), "nothing is written for the failed input");
    }

    @Test void statusListsWhatIsWrong() throws Exception {
        Files.writeString(home.resolve("deploy/junk.jar"), "not a jar");
        Files.writeString(home.resolve("etc/dev.atelier.core.jobs.cfg"), "threads=-1\n");
        AtelierProcess.Result r = atelier("status", "--health");
        assertEquals(0, r.code(), r.stderr());
        assertTrue(r.stdout().contains("deploy:") && r.stdout().contains("junk.jar: not a jar (zip) archive"), r.stdout());
        assertTrue(r.stdout().contains("config:") && r.stdout().contains("threads = '-1'"), r.stdout());
    }
}
