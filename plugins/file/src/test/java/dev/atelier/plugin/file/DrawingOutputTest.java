package dev.atelier.plugin.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atelier.api.Drawing;
import dev.atelier.api.ImageSource;
import dev.atelier.plugin.file.gcode.Decimals;
import dev.atelier.plugin.file.gcode.GcodeWriter;
import dev.atelier.plugin.file.gcode.MachineProfile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrawingOutputTest {
    @TempDir Path dir;

    /** A zigzag spiral that reverses both axes often, 120 x 80 mm. */
    static Drawing zigzag(double w, double h) {
        int n = 400;
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            double t = i / (double) (n - 1);
            x[i] = w / 2 + (w / 2) * t * Math.cos(40 * t) * 0.98;
            y[i] = h / 2 + (h / 2) * t * Math.sin(40 * t) * 0.98;
        }
        Drawing.Polyline second = new Drawing.Polyline(new double[] {1, w - 1}, new double[] {1, 1});
        return new Drawing(w, h, List.of(new Drawing.Polyline(x, y), second), ImageSource.synthetic("zigzag", 10, 10));
    }

    // Every line the writer emits must be one of these GRBL 1.1 forms (with an optional ; comment).
    static final Pattern LINE = Pattern.compile("(G21|G90|G94|M2|F\\d+|G[01]( X-?\\d+(\\.\\d+)?)?( Y-?\\d+(\\.\\d+)?)?)( ;.*)?|;.*");
    static final Pattern AXIS = Pattern.compile("([XY])(-?\\d+(?:\\.(\\d+))?)");

    @Test void gcodeStaysInsideTheWorkAreaWithBacklashAndParsesLineByLine() {
        MachineProfile m = MachineProfile.BUILT_IN.get("etch-a-sketch");
        GcodeWriter.Program p = GcodeWriter.program(zigzag(200, 120), m, 1500, true);
        assertTrue(p.scale() < 1, "scaled down to fit");
        int backlash = 0, g1 = 0;
        for (String line : p.lines()) {
            assertTrue(LINE.matcher(line).matches(), "not a GRBL 1.1 line: " + line);
            if (line.startsWith(";")) continue;
            if (line.endsWith("; backlash")) backlash++;
            if (line.startsWith("G1")) g1++;
            Matcher a = AXIS.matcher(line.replaceFirst(";.*", ""));
            while (a.find()) {
                double v = Double.parseDouble(a.group(2));
                double max = a.group(1).equals("X") ? m.widthMm() : m.heightMm();
                assertTrue(v >= 0 && v <= max, line + " leaves the work area");
                assertTrue(a.group(3) == null || a.group(3).length() <= 2, line + " has more decimals than 0.01 mm needs");
            }
        }
        assertTrue(backlash > 20, "a spiral reverses its axes often: " + backlash);
        assertTrue(g1 > 300);
        assertEquals("G21", p.lines().get(3));
        assertEquals("M2", p.lines().get(p.lines().size() - 1));
        assertTrue(p.lines().get(2).startsWith("; estimated run time 0:0"), p.lines().get(2));
        assertTrue(p.seconds() > 0);
    }

    @Test void withoutFitAnOversizedDrawingIsAClearError() {
        MachineProfile m = MachineProfile.BUILT_IN.get("etch-a-sketch");
        var e = assertThrows(IllegalArgumentException.class, () -> GcodeWriter.program(zigzag(200, 120), m, 1500, false));
        assertTrue(e.getMessage().contains("200.0 x 120.0 mm") && e.getMessage().contains("fit=true"), e.getMessage());
        // without backlash a drawing of exactly the work area is kept at scale 1
        MachineProfile plotter = MachineProfile.BUILT_IN.get("grbl-plotter");
        assertEquals(1, GcodeWriter.program(zigzag(300, 200), plotter, 3000, false).scale());
    }

    @Test void backlashTakeUpMovesOnlyTheReversingAxis() {
        MachineProfile m = new MachineProfile("test", 100, 100, 1000, 100, 0.01, 0.1, 0.5, 0);
        Drawing d = new Drawing(50, 50, List.of(new Drawing.Polyline(new double[] {10, 20, 10}, new double[] {10, 10, 10})), ImageSource.synthetic("x", 1, 1));
        List<String> body = GcodeWriter.program(d, m, 1000, true).lines().stream().filter(l -> l.startsWith("G")).filter(l -> l.matches("G[01].*")).toList();
        // centred in 99.5 x 100: offsets 24.75, 25; first +X move takes up 0.5 on X alone, the reversal gives it back
        assertEquals(List.of("G0 X34.8 Y35", "G1 X35.3 ; backlash", "G1 X45.3", "G1 X44.8 ; backlash", "G1 X34.8"), body);
    }

    @Test void aProfileFileWithABadLineIsNamedByLine() throws Exception {
        Path ok = dir.resolve("big.profile");
        Files.writeString(ok, "# my plotter\nname: a3\nwidth.mm: 420\nheight.mm = 297\nbacklash.x: 0\nbacklash.y: 0\nresolution: 0.001\n");
        MachineProfile p = MachineProfile.of("big.profile", dir);
        assertEquals("a3", p.name());
        assertEquals(420, p.widthMm());
        assertEquals(3, p.decimals());
        assertEquals(1500, p.feed(), "unset keys come from etch-a-sketch");
        Files.writeString(dir.resolve("bad.profile"), "width.mm: 420\nheight.mm: wide\n");
        var e = assertThrows(java.io.IOException.class, () -> MachineProfile.of("bad.profile", dir));
        assertEquals("bad.profile:2: height.mm must be a positive number", e.getMessage(), "the file's own text is never echoed");
        Files.writeString(dir.resolve("typo.profile"), "widht.mm: 420\n");
        assertTrue(assertThrows(java.io.IOException.class, () -> MachineProfile.of("typo.profile", dir)).getMessage().startsWith("typo.profile:1: not a known key"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MachineProfile.of("cnc3018", dir)).getMessage().contains("no machine named 'cnc3018'"));
    }

    @Test void numbersAreRoundedWithoutTrailingZerosOrMinusZero() {
        assertEquals("12.5", Decimals.format(12.5, 3));
        assertEquals("0.007", Decimals.format(0.0071, 3));
        assertEquals("-3.05", Decimals.format(-3.0504, 2));
        assertEquals("0", Decimals.format(-0.0004, 3));
        assertEquals("150", Decimals.format(149.9999, 2));
        assertEquals("1", Decimals.format(1, 0));
    }

    @Test void svgHasThePhysicalSizeAndOnePathPerStroke() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SvgWriter.write(zigzag(120, 80), 0.5, out);
        String svg = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(svg.contains("width=\"120mm\" height=\"80mm\" viewBox=\"0 0 120 80\""), svg.substring(0, 200));
        assertEquals(2, svg.split("<path ", -1).length - 1);
        // parses as XML
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new java.io.ByteArrayInputStream(out.toByteArray()));
    }

    /** rsvg-convert (librsvg, Debian's librsvg2-bin) renders our SVG; it must match our own preview. */
    @Test void anIndependentRendererDrawsTheSvgLikeOurPreview() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/rsvg-convert")), "rsvg-convert not installed (apt-get install librsvg2-bin; .ci/run does)");
        Drawing d = zigzag(120, 80);
        Path svg = dir.resolve("z.svg"), png = dir.resolve("z.png");
        try (var out = Files.newOutputStream(svg)) {
            SvgWriter.write(d, 0.8, out);
        }
        Process p = new ProcessBuilder("/usr/bin/rsvg-convert", "--dpi-x", "101.6", "--dpi-y", "101.6", "-b", "white", "-o", png.toString(), svg.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, log);
        BufferedImage theirs = ImageIO.read(png.toFile()); // 101.6 dpi = 4 px/mm
        BufferedImage ours = DrawingPreview.render(d, 4, 0.8);
        assertEquals(ours.getWidth(), theirs.getWidth());
        assertEquals(ours.getHeight(), theirs.getHeight());
        double diff = 0, ink = 0;
        for (int y = 0; y < ours.getHeight(); y++) for (int x = 0; x < ours.getWidth(); x++) {
            double a = 1 - (ours.getRGB(x, y) & 0xFF) / 255.0, b = 1 - (theirs.getRGB(x, y) & 0xFF) / 255.0;
            diff += Math.abs(a - b);
            ink += a;
        }
        assertTrue(ink > 1000, "the preview has ink");
        assertTrue(diff / ink < 0.15, "renderers differ by " + diff / ink + " of the ink");
    }
}
