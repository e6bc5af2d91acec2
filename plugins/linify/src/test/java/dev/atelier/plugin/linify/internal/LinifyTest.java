package dev.atelier.plugin.linify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class LinifyTest {
    static final Path SAMPLES = Path.of(System.getProperty("atelier.samples", "../../runtime/samples"));

    static LinePath.Layout layout(Wave wave, boolean serpentine, int cols, int rows) {
        return new LinePath.Layout(cols, rows, cols * 2.0, rows * 2.0, wave, 2, 2, 12, serpentine, 0);
    }

    static double[] ramp(int cols, int rows) {
        double[] t = new double[cols * rows];
        for (int i = 0; i < t.length; i++) t[i] = (i % cols) / (double) (cols - 1);
        return t;
    }

    /** Whether the path passes through (x, y): a vertex, or a point on a segment. */
    static boolean passesThrough(double[][] xy, double x, double y) {
        for (int i = 1; i < xy[0].length; i++) {
            double x0 = xy[0][i - 1], x1 = xy[0][i], y0 = xy[1][i - 1], y1 = xy[1][i];
            double cross = (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0);
            boolean within = Math.min(x0, x1) - 1e-9 <= x && x <= Math.max(x0, x1) + 1e-9 && Math.min(y0, y1) - 1e-9 <= y && y <= Math.max(y0, y1) + 1e-9;
            if (within && Math.abs(cross) < 1e-9) return true;
        }
        return false;
    }

    @Test void everyCellHoldsWholePeriodsSoThePathCrossesBordersOnTheMidline() {
        for (Wave wave : Wave.values()) {
            int cols = 6, rows = 3;
            LinePath.Layout l = layout(wave, true, cols, rows);
            double[][] xy = LinePath.build(ramp(cols, rows), l);
            for (int r = 0; r < rows; r++) {
                double mid = l.heightMm() - (r + 0.5) * l.cellHeight();
                for (int c = 1; c < cols; c++) assertTrue(passesThrough(xy, c * l.cellWidth(), mid), wave + " row " + r + " border " + c);
                // and nowhere else on a border: no wave is cut off mid-period
                for (int c = 1; c < cols; c++) {
                    for (double off : new double[] {-0.3, 0.3}) {
                        if (ramp(cols, rows)[r * cols + c] > 0.5 && wave == Wave.SINE) assertTrue(!passesThrough(xy, c * l.cellWidth(), mid + off * l.cellHeight()), wave + " cut at border " + c);
                    }
                }
            }
        }
    }

    @Test void thePathIsContinuousWithJumpsOnlyAtRowTurns() {
        for (boolean serpentine : new boolean[] {true, false}) {
            LinePath.Layout l = layout(Wave.SINE, serpentine, 8, 5);
            double[][] xy = LinePath.build(ramp(8, 5), l);
            int turns = 0;
            for (int i = 1; i < xy[0].length; i++) {
                double dx = Math.abs(xy[0][i] - xy[0][i - 1]), dy = xy[1][i - 1] - xy[1][i];
                if (Math.abs(dy - l.cellHeight()) < 1e-9) { // from one row's midline to the next one's
                    turns++;
                    if (serpentine) assertEquals(0, dx, 1e-9, "serpentine rows meet at the edge");
                    else assertEquals(l.widthMm(), dx, 1e-9, "raster rows go back to the left edge");
                } else {
                    assertTrue(dx <= l.cellWidth() / 2 / 6 + 1e-9 || Math.abs(dy) < 1e-9, "a step within the wave: " + dx + ", " + dy);
                    assertTrue(Math.abs(dy) < l.cellHeight(), "stays in its row");
                }
            }
            assertEquals(4, turns);
        }
    }

    @Test void serpentineReversesAlternateRows() {
        LinePath.Layout l = layout(Wave.TRIANGLE, true, 4, 2);
        double[][] xy = LinePath.build(ramp(4, 2), l);
        double row0 = l.heightMm() - 0.5 * l.cellHeight();
        // the first row starts on the left, the second starts where the first ended, on the right
        assertEquals(0, xy[0][0], 1e-9);
        int last = xy[0].length - 1;
        assertEquals(0, xy[0][last], 1e-9, "row 2 ends on the left");
        assertEquals(row0 - l.cellHeight(), xy[1][last], 1e-9);
        double[][] raster = LinePath.build(ramp(4, 2), layout(Wave.TRIANGLE, false, 4, 2));
        assertEquals(l.widthMm(), raster[0][raster[0].length - 1], 1e-9, "plain rows all end on the right");
    }

    @Test void darkerCellsGetTallerWavesAndAWhiteImageAStraightLine() {
        LinePath.Layout l = layout(Wave.SQUARE, true, 4, 1);
        double[][] white = LinePath.build(new double[4], l);
        assertEquals(2, white[0].length, "a white row is one move");
        double[][] black = LinePath.build(new double[] {1, 1, 1, 1}, l);
        double top = Arrays.stream(black[1]).max().orElseThrow(), bottom = Arrays.stream(black[1]).min().orElseThrow();
        assertEquals(l.cellHeight(), top - bottom, 1e-9, "black reaches the neighbouring rows' midlines... half a cell each way");
        for (int i = 1; i < black[0].length; i++) {
            assertTrue(black[0][i] == black[0][i - 1] || black[1][i] == black[1][i - 1], "square waves move one axis at a time");
        }
    }

    @Test void frequencyModulationAddsPeriodsInDarkCells() {
        LinePath.Layout am = new LinePath.Layout(2, 1, 4, 2, Wave.TRIANGLE, 1, 1, 12, true, 0);
        LinePath.Layout fm = new LinePath.Layout(2, 1, 4, 2, Wave.TRIANGLE, 1, 4, 12, true, 0);
        double[] tone = {0.2, 1};
        assertTrue(LinePath.build(tone, fm)[0].length > LinePath.build(tone, am)[0].length + 6);
    }

    @Test void longMovesAreSplit() {
        LinePath.Layout l = new LinePath.Layout(4, 1, 40, 10, Wave.SQUARE, 1, 1, 12, true, 1.0);
        double[][] xy = LinePath.build(new double[4], l);
        for (int i = 1; i < xy[0].length; i++) assertTrue(Math.hypot(xy[0][i] - xy[0][i - 1], xy[1][i] - xy[1][i - 1]) <= 1.0 + 1e-9);
        assertEquals(40, LinePath.length(xy), 1e-9);
    }

    @Test void spiFindsTheMinimumOfAParabola() {
        Spi.Result r = Spi.minimize(x -> 3 * (x - 1.37) * (x - 1.37) + 0.2, 0.5, 2.5, 0.5, 2.5, 1e-4, 1, 1, 30);
        assertEquals(1.37, r.x(), 1e-3);
        assertTrue(r.evaluations() <= 7, "a parabola is fitted exactly: " + r.evaluations());
    }

    @Test void spiFindsTheGlobalMinimumOfANoisyNonSmoothFunction() {
        Random noise = new Random(5);
        // |x - 1.8| plus a smaller dip at 0.8 and noise: a kink, a local minimum and jitter
        Spi.Result r = Spi.minimize(x -> Math.abs(x - 1.8) + 0.6 - 0.3 * Math.exp(-200 * (x - 0.8) * (x - 0.8)) + 0.002 * noise.nextDouble(),
                0.5, 2.5, 0.5, 2.5, 1e-3, 4, 11, 40);
        assertEquals(1.8, r.x(), 0.02);
        double[] g = Spi.golden(x -> (x - 1.37) * (x - 1.37), 0.5, 2.5, 1e-3);
        assertEquals(1.37, g[0], 1e-3);
    }

    /** On every sample photo and wave, rows and spiral: gamma auto scores above the seed's gamma 1.5, which it evaluates first. */
    @Test void autoGammaBeatsTheDefaultOnEverySample() throws Exception {
        java.util.List<Path> photos;
        try (var files = java.nio.file.Files.list(SAMPLES)) {
            photos = files.filter(f -> f.toString().matches("(?i).*\\.(png|jpe?g)$")).sorted().toList();
        }
        assertTrue(photos.size() >= 4, "samples in " + SAMPLES);
        for (Path file : photos) {
            BufferedImage photo = ImageIO.read(file.toFile());
            int w = photo.getWidth(), h = photo.getHeight();
            int[] px = photo.getRGB(0, 0, w, h, null, 0, w);
            int cols = 32, rows = Math.max(1, (int) Math.round(32.0 * h / w));
            Tone tone = Tone.of(px, w, h, cols, rows, LinifyFilter.JUDGE_SCALE);
            for (Wave wave : Wave.values()) {
                for (boolean spiral : new boolean[] {false, true}) {
                    LinePath.Layout l = new LinePath.Layout(cols, rows, cols * 4.0, rows * 4.0, wave, 2, 2, 12, true, 0);
                    Spi.Result r = LinifyFilter.tune(tone, l, spiral, 0.5, null);
                    Spi.Evaluation first = r.evaluated().get(0);
                    assertEquals(LinifyFilter.DEFAULT_GAMMA, first.x(), 0, "the default is evaluated first");
                    double atDefault = LinifyFilter.judge(tone, l, LinifyFilter.path(tone.darkness(1.5), l, spiral), 0.5);
                    assertEquals(atDefault, first.fx(), 1e-12);
                    assertTrue(r.fx() < atDefault, file.getFileName() + " " + wave + (spiral ? " spiral" : " rows") + ": auto " + (1 - r.fx())
                            + " against " + (1 - atDefault) + " at gamma 1.5");
                }
            }
        }
    }

    @Test void ssimIsOneForTheSameImageAndRanksARightDrawingAboveAWrongOne() throws Exception {
        BufferedImage photo = ImageIO.read(SAMPLES.resolve("chelsea.png").toFile());
        int w = photo.getWidth(), h = photo.getHeight();
        int[] px = photo.getRGB(0, 0, w, h, null, 0, w);
        Tone tone = Tone.of(px, w, h, 32, 21, LinifyFilter.JUDGE_SCALE);
        int fw = 32 * 4, fh = 21 * 4;
        float[] l = Perceptual.lightness(tone.photoBlurred);
        assertEquals(1, Perceptual.ssim(l, l, fw, fh, 6), 1e-9);
        LinePath.Layout layout = new LinePath.Layout(32, 21, 128, 84, Wave.SINE, 2, 2, 12, true, 0);
        double right = LinifyFilter.judge(tone, layout, LinePath.build(tone.darkness(1.2), layout), 0.5);
        // the same drawing upside down: the same ink, in the wrong places
        double[] flipped = tone.darkness(1.2), upside = new double[flipped.length];
        for (int r = 0; r < 21; r++) System.arraycopy(flipped, r * 32, upside, (20 - r) * 32, 32);
        double wrong = LinifyFilter.judge(tone, layout, LinePath.build(upside, layout), 0.5);
        assertTrue(right < wrong - 0.1, "1 - SSIM: right " + right + ", upside down " + wrong);
        assertEquals(0, Perceptual.lightness(0f), 1e-6);
        assertEquals(1, Perceptual.lightness(1f), 1e-6);
        assertEquals(0.5, Perceptual.lightness(0.1842f), 1e-3); // L* 50 is 18.4 % of white's light
        assertEquals(0.1842f, Clahe.linear(0.5f), 1e-3);
    }

    @Test void theSpiralIsOneStrokeFromTheCentreInsideTheCircle() {
        int cols = 20, rows = 10;
        LinePath.Layout l = new LinePath.Layout(cols, rows, 100, 50, Wave.SINE, 2, 2, 12, true, 0);
        double[] grey = new double[cols * rows];
        Arrays.fill(grey, 0.6);
        double[][] xy = Spiral.build(grey, l);
        assertEquals(50, xy[0][0], 1e-9);
        assertEquals(25, xy[1][0], 1e-9);
        double spacing = 5, maxR = 0, step = 0;
        for (int i = 0; i < xy[0].length; i++) {
            maxR = Math.max(maxR, Math.hypot(xy[0][i] - 50, xy[1][i] - 25));
            if (i > 0) step = Math.max(step, Math.hypot(xy[0][i] - xy[0][i - 1], xy[1][i] - xy[1][i - 1]));
        }
        assertTrue(maxR <= 25 + 1e-6, "inside the circle of the shorter side: " + maxR);
        assertTrue(maxR > 25 - spacing, "reaches the circle: " + maxR);
        assertTrue(step < spacing, "no jumps: the longest move is " + step + " mm");
        // darker: taller waves, so a longer line; white: a plain spiral
        double[] white = new double[cols * rows], black = new double[cols * rows];
        Arrays.fill(black, 1);
        double plain = LinePath.length(Spiral.build(white, l)), dark = LinePath.length(Spiral.build(black, l));
        double radius = 25 - spacing / 2; // the outer wave stays inside the circle
        double archimedes = Math.PI * radius * radius / spacing; // length of r = b theta out to R: about pi R^2 / spacing
        assertEquals(archimedes, plain, archimedes * 0.1);
        assertTrue(dark > 1.5 * plain, "dark " + dark + " plain " + plain);
        for (Wave wave : Wave.values()) {
            LinePath.Layout lw = new LinePath.Layout(cols, rows, 100, 50, wave, 2, 4, 12, true, 1);
            double[][] p = Spiral.build(ramp(cols, rows), lw);
            for (int i = 1; i < p[0].length; i++) assertTrue(Math.hypot(p[0][i] - p[0][i - 1], p[1][i] - p[1][i - 1]) <= 1 + 1e-9, wave + " split to 1 mm");
        }
    }

    @Test void localContrastSpreadsANarrowBandOfTonesAndLeavesAFlatImageFlat() {
        int w = 64, h = 64;
        float[] narrow = new float[w * h], flat = new float[w * h];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) narrow[y * w + x] = 0.40f + 0.05f * x / (w - 1) + 0.02f * (y % 8) / 7;
        Arrays.fill(flat, 0.3f);
        float[] out = Clahe.apply(narrow, w, h, 16, 16);
        float lo = 1, hi = 0;
        for (float v : out) { lo = Math.min(lo, v); hi = Math.max(hi, v); assertTrue(v >= 0 && v <= 1); }
        // in lightness, where CLAHE works: the band more than twice as wide (the clip limit keeps it from more)
        double before = Perceptual.lightness(0.47f) - Perceptual.lightness(0.40f), after = Perceptual.lightness(hi) - Perceptual.lightness(lo);
        assertTrue(after > 2 * before, "lightness spread " + after + " from " + before);
        float[] still = Clahe.apply(flat, w, h, 16, 16);
        for (float v : still) assertEquals(still[0], v, 1e-6); // no noise made up: one tone stays one tone
    }

    @Test void aOnePixelImageAndFlatImagesWork() {
        Tone one = Tone.of(new int[] {0x808080}, 1, 1, 1, 1, 4);
        assertEquals(1, one.cells.length);
        Tone black = Tone.of(new int[64], 8, 8, 4, 4, 4);
        for (double d : black.darkness(1.5)) assertEquals(1, d, 1e-9);
        int[] whitePx = new int[64];
        Arrays.fill(whitePx, 0xFFFFFF);
        for (double d : Tone.of(whitePx, 8, 8, 4, 4, 4).darkness(1.5)) assertEquals(0, d, 1e-6);
    }

    @Test void aMinimumBeyondTheRangeIsReportedNotPassedOffAsTheOptimum() {
        // the minimum of (x - 9)^2 lies past the allowed 0.2 .. 5: the search ends on 5 and says so
        Spi.Result r = Spi.minimize(x -> (x - 9) * (x - 9), 0.5, 2.5, 0.2, 5, 1e-3, 3, 42, 25);
        org.junit.jupiter.api.Assertions.assertTrue(r.stoppedAtBound(), "x " + r.x());
        org.junit.jupiter.api.Assertions.assertEquals(5, r.atBound(), 1e-12);
        Spi.Result inside = Spi.minimize(x -> (x - 1.3) * (x - 1.3), 0.5, 2.5, 0.2, 5, 1e-3, 3, 42, 25);
        org.junit.jupiter.api.Assertions.assertFalse(inside.stoppedAtBound(), "x " + inside.x());
        org.junit.jupiter.api.Assertions.assertTrue(LinifyFilter.trace(r).containsKey("atBound"));
    }
}
