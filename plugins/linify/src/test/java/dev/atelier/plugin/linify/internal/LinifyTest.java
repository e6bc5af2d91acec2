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

    @Test void autoGammaBeatsAFixedOneOnAPhoto() throws Exception {
        BufferedImage photo = ImageIO.read(SAMPLES.resolve("coffee.png").toFile());
        int[] px = photo.getRGB(0, 0, photo.getWidth(), photo.getHeight(), null, 0, photo.getWidth());
        Tone tone = Tone.of(px, photo.getWidth(), photo.getHeight(), 32, 24, LinifyFilter.JUDGE_SCALE);
        LinePath.Layout l = new LinePath.Layout(32, 24, 128, 96, Wave.SINE, 2, 2, 12, true, 0);
        double fixed = LinifyFilter.judge(tone, l, LinePath.build(tone.darkness(1.5), l), 0.5);
        Spi.Result r = Spi.minimize(g -> LinifyFilter.judge(tone, l, LinePath.build(tone.darkness(g), l), 0.5), 0.5, 2.5, 0.2, 5, 1e-3, 3, 42, 25);
        assertTrue(r.fx() <= fixed, r.fx() + " vs " + fixed);
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
