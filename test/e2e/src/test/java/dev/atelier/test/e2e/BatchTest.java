package dev.atelier.test.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported jar in its batch form: arguments in, files and an exit code out. */
class BatchTest {
    static final Path SAMPLES = AtelierProcess.SAMPLES;

    @TempDir Path home;
    Path out;

    @BeforeEach void folders() throws IOException {
        out = AtelierProcess.home(home);
    }

    AtelierProcess.Result atelier(String... args) throws Exception {
        return AtelierProcess.run(home, args);
    }

    @Test void runsAChainOnAFolderAndExitsZero() throws Exception {
        AtelierProcess.Result r = atelier("run", "-q", "file path=out/{input}-{pipeline}.jpg quality=70", SAMPLES.toString());
        assertEquals(0, r.code(), r.stderr());
        for (String name : List.of("astronaut", "chelsea", "coffee", "rocket")) {
            Path f = out.resolve(name + "-chain.jpg");
            assertTrue(Files.exists(f), f + " missing; " + r.stdout());
            assertTrue(ImageIO.read(f.toFile()).getWidth() > 100);
        }
        assertTrue(r.stdout().contains("4 of 4 inputs done, 0 failed"), r.stdout());
    }

    @Test void runsANamedPipelineFromThePipelinesFolder() throws Exception {
        Files.writeString(home.resolve("pipelines/web.pipeline.yaml"), "outputs:\n  - file: {path: \"out/{input}.png\"}\n");
        AtelierProcess.Result r = atelier("run", "web", SAMPLES.resolve("coffee.png").toString());
        assertEquals(0, r.code(), r.stderr());
        assertTrue(Files.exists(out.resolve("coffee.png")));
        assertTrue(r.stderr().contains("100%"), "progress is shown: " + r.stderr());
    }

    /** A batch run never shows a prompt: the interactive shell's bundles (interactive/ beside the jar) are not even installed. */
    @Test void aBatchRunInstallsNoInteractiveShell() throws Exception {
        Path set = Files.createDirectories(home.resolve("shell-set"));
        Files.writeString(set.resolve("not-a-bundle.jar"), "not a jar");
        String instead = "-Datelier.interactive.bundles=" + set;
        AtelierProcess.Result batch = AtelierProcess.run(home, List.of(instead, "-Dgosh.args=--nointeractive"), "status");
        assertEquals(0, batch.code(), batch.stderr());
        assertFalse(batch.stderr().contains("not-a-bundle.jar"), batch.stderr());
        // the same host started for a prompt (without a terminal here: it answers 'status' and ends) installs the set
        AtelierProcess.Result prompt = AtelierProcess.run(home, List.of(instead), "status");
        assertTrue(prompt.stderr().contains("not-a-bundle.jar: not installed"), prompt.stderr());
    }

    @Test void aBadPipelineExitsTwoAndSaysWhy() throws Exception {
        AtelierProcess.Result r = atelier("run", "file path=out/x.png quality=400", SAMPLES.resolve("coffee.png").toString());
        assertEquals(2, r.code());
        assertTrue(r.stderr().contains("chain:") && r.stderr().contains("quality") && r.stderr().contains("above the maximum 100"), r.stderr());

        AtelierProcess.Result missing = atelier("run", "--wait", "1", "nosuch", SAMPLES.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.stderr().contains("no pipeline named 'nosuch'"), missing.stderr());

        AtelierProcess.Result noInput = atelier("run", "file path=out/x.png", home.resolve("absent.jpg").toString());
        assertEquals(2, noInput.code());
        assertTrue(noInput.stderr().contains("absent.jpg does not exist"), noInput.stderr());
        assertFalse(Files.exists(out));
    }

    @Test void aFailingInputExitsOneNamesTheFileAndTheOthersAreDone() throws Exception {
        Path inputs = Files.createDirectories(home.resolve("in"));
        Files.copy(SAMPLES.resolve("chelsea.png"), inputs.resolve("chelsea.png"));
        Files.createFile(inputs.resolve("zero.jpg"));
        AtelierProcess.Result r = atelier("run", "-q", "file path=out/{input}.png", inputs.toString());
        assertEquals(1, r.code(), r.stdout() + r.stderr());
        assertTrue(r.stderr().contains("zero.jpg: the file is empty (0 bytes)"), r.stderr());
        assertTrue(Files.exists(out.resolve("chelsea.png")));
        assertFalse(Files.exists(out.resolve("zero.png")));
    }

    @Test void anOutputFolderThatIsAFileFailsWithoutLeavingAnything() throws Exception {
        Files.writeString(home.resolve("out"), "a file where a folder should be");
        AtelierProcess.Result r = atelier("run", "-q", "file path=out/{input}.png", SAMPLES.resolve("chelsea.png").toString());
        assertEquals(1, r.code());
        assertTrue(r.stderr().contains("output 1 'file'") && r.stderr().contains("is a file"), r.stderr());
    }

    @Test void writesEveryFormatItOffers() throws Exception {
        AtelierProcess.Result r = atelier("run", "-q", "file path=out/c.png ! file path=out/c.jpg ! file path=out/c.bmp ! file path=out/c.tif",
                SAMPLES.resolve("chelsea.png").toString());
        assertEquals(0, r.code(), r.stderr());
        for (String ext : List.of("png", "jpg", "bmp", "tif")) {
            var img = ImageIO.read(out.resolve("c." + ext).toFile());
            assertEquals(451, img.getWidth(), ext);
            assertEquals(300, img.getHeight(), ext);
        }
        AtelierProcess.Result gif = atelier("run", "-q", "file path=out/c.gif", SAMPLES.resolve("chelsea.png").toString());
        assertEquals(2, gif.code(), "refused when the chain is read");
        assertTrue(gif.stderr().contains("cannot write .gif files"), gif.stderr());
    }

    @Test void dithersToExactlyThePaletteColours() throws Exception {
        AtelierProcess.Result r = atelier("run", "-q", "dither palette=cga kernel=atkinson ! file path=out/{input}-cga.png", SAMPLES.resolve("coffee.png").toString());
        assertEquals(0, r.code(), r.stderr());
        var img = ImageIO.read(out.resolve("coffee-cga.png").toFile());
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) seen.add(img.getRGB(x, y) & 0xFFFFFF);
        assertTrue(java.util.Set.of(0x000000, 0x55FFFF, 0xFF55FF, 0xFFFFFF).containsAll(seen), seen.toString());
        assertTrue(seen.size() >= 3, "a photo uses most of the palette: " + seen);
        AtelierProcess.Result bad = atelier("run", "dither kernel=fancy ! file path=out/x.png", SAMPLES.resolve("coffee.png").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.stderr().contains("'fancy' is not one of floyd-steinberg"), bad.stderr());
    }

    @Test void dithersToAPaletteFileAndNamesABadLine() throws Exception {
        Files.writeString(home.resolve("duo.gpl"), "GIMP Palette\nName: duo\n 20  30 120 Navy\n250 240 200 Cream\n");
        AtelierProcess.Result r = atelier("run", "-q", "dither palette=duo.gpl ! file path=out/{input}-duo.png", SAMPLES.resolve("chelsea.png").toString());
        assertEquals(0, r.code(), r.stderr());
        var img = ImageIO.read(out.resolve("chelsea-duo.png").toFile());
        for (int x = 0; x < img.getWidth(); x += 7) {
            int c = img.getRGB(x, img.getHeight() / 2) & 0xFFFFFF;
            assertTrue(c == 0x141E78 || c == 0xFAF0C8, Integer.toHexString(c));
        }
        Files.writeString(home.resolve("bad.gpl"), "GIMP Palette\n255 0 0\n255 zero 0\n");
        AtelierProcess.Result bad = atelier("run", "-q", "dither palette=bad.gpl ! file path=out/{input}-bad.png", SAMPLES.resolve("chelsea.png").toString());
        assertEquals(2, bad.code(), "refused when the chain is read, before any input");
        assertTrue(bad.stderr().contains("bad.gpl:3: not a colour") && bad.stderr().contains("step 1 'dither'") && !bad.stderr().contains("zero"), bad.stderr());
        assertFalse(Files.exists(out.resolve("chelsea-bad.png")));
    }

    @Test void blueNoiseOntoAnAdaptivePaletteAndRiemersmaWorkThroughTheJar() throws Exception {
        AtelierProcess.Result r = atelier("run", "-q", "dither palette=adaptive6 method=blue-noise ! file path=out/{input}-blue.png", SAMPLES.resolve("coffee.png").toString());
        assertEquals(0, r.code(), r.stderr());
        var img = ImageIO.read(out.resolve("coffee-blue.png").toFile());
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) seen.add(img.getRGB(x, y) & 0xFFFFFF);
        assertTrue(seen.size() >= 4 && seen.size() <= 6, "six colours chosen from the photo: " + seen.size());
        AtelierProcess.Result riemersma = atelier("run", "-q", "dither palette=gameboy method=riemersma matching=ciede2000 ! file path=out/{input}-gb.png", SAMPLES.resolve("coffee.png").toString());
        assertEquals(0, riemersma.code(), riemersma.stderr());
        AtelierProcess.Result bad = atelier("run", "-q", "dither palette=vga ! file path=out/{input}-vga.png", SAMPLES.resolve("coffee.png").toString());
        assertEquals(2, bad.code(), "refused when the chain is read, before any input");
        assertTrue(bad.stderr().contains("parameter 'palette': no palette named 'vga'"), bad.stderr());
        assertFalse(Files.exists(out.resolve("coffee-vga.png")));
    }

    @Test void linifyWritesSvgGcodeAndAPreview() throws Exception {
        Files.copy(SAMPLES.resolve("../../plugins/linify/src/main/resources/pipelines/linify.pipeline.yaml"), home.resolve("pipelines/linify.pipeline.yaml"));
        AtelierProcess.Result r = atelier("run", "linify", SAMPLES.resolve("chelsea.png").toString());
        assertEquals(0, r.code(), r.stderr());
        String svg = Files.readString(out.resolve("chelsea-line.svg"));
        // 64 x 43 cells fitted into 150 x 100 mm: the height fills it
        assertTrue(svg.contains("width=\"148.837mm\" height=\"100mm\""), svg.substring(0, 300));
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("chelsea-line.svg").toFile());
        java.util.List<String> gcode = Files.readAllLines(out.resolve("chelsea-line.gcode"));
        assertTrue(gcode.get(2).startsWith("; estimated run time"), gcode.get(2));
        assertTrue(gcode.stream().allMatch(l -> l.matches("(G21|G90|G94|M2|F\\d+|G[01]( X\\d+(\\.\\d{1,2})?)?( Y\\d+(\\.\\d{1,2})?)?)( ;.*)?|;.*")),
                "every line a GRBL 1.1 command");
        var preview = ImageIO.read(out.resolve("chelsea-line.png").toFile());
        assertEquals(400, preview.getHeight(), "100 mm at 4 px/mm");
        assertTrue(ImageIO.read(out.resolve("chelsea-line-gamma.png").toFile()).getWidth() > 0, "the plot of the gamma search");
    }

    @Test void linifyRefusesBadParametersClearlyAndTakesAOnePixelImage() throws Exception {
        Path dot = home.resolve("dot.png");
        var img = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0x404040);
        ImageIO.write(img, "png", dot.toFile());
        AtelierProcess.Result one = atelier("run", "-q", "linify gamma=auto ! file path=out/dot.gcode", dot.toString());
        assertEquals(0, one.code(), one.stderr());
        assertTrue(Files.readString(out.resolve("dot.gcode")).contains("G1"));
        AtelierProcess.Result gamma = atelier("run", "-q", "linify gamma=steep ! file path=out/g.svg", dot.toString());
        assertEquals(2, gamma.code(), "refused when the chain is read");
        assertTrue(gamma.stderr().contains("parameter 'gamma': 'steep' is neither a number nor auto"), gamma.stderr());
        AtelierProcess.Result raster = atelier("run", "-q", "dither ! file path=out/d.svg", dot.toString());
        assertEquals(2, raster.code(), "refused when the chain is read");
        assertTrue(raster.stderr().contains("needs a drawing, but this output gets an image; put a step that makes one, such as linify"), raster.stderr());
        AtelierProcess.Result plot = atelier("run", "-q", "linify gamma=1.2 ! file path=out/p.png attachment=linify.plot", dot.toString());
        assertEquals(1, plot.code());
        assertTrue(plot.stderr().contains("parameter attachment: no attachment 'linify.plot' here; the steps attached linify.stats (linify.plot needs gamma: auto)"), plot.stderr());
        assertFalse(Files.exists(out.resolve("g.svg")) || Files.exists(out.resolve("d.svg")) || Files.exists(out.resolve("p.png")));
    }

    @Test void filtersAndInspectWorkInBatch() throws Exception {
        AtelierProcess.Result r = atelier("inspect", "file");
        assertEquals(0, r.code(), r.stderr());
        assertTrue(r.stdout().contains("quality") && r.stdout().contains("range 1 .. 100"), r.stdout());
        AtelierProcess.Result bad = atelier("frobnicate");
        assertEquals(2, bad.code());
        assertTrue(bad.stderr().contains("frobnicate"), bad.stderr());
    }
}
