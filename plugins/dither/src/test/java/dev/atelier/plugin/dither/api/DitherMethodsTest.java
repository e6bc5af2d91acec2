package dev.atelier.plugin.dither.api;

import static dev.atelier.plugin.dither.api.ErrorDiffusionTest.flat;
import static dev.atelier.plugin.dither.api.ErrorDiffusionTest.pixels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Ordered (Bayer, blue noise), Riemersma, CIEDE2000 matching and adaptive palettes. */
class DitherMethodsTest {
    static List<Ditherer> all(Palette p) {
        return List.of(
                new OrderedDither(p, ThresholdMatrix.bayer(2), Matching.OKLAB),
                new OrderedDither(p, ThresholdMatrix.bayer(8), Matching.OKLAB),
                new OrderedDither(p, ThresholdMatrix.blueNoise(32), Matching.OKLAB),
                new Riemersma(p, Matching.OKLAB),
                new ErrorDiffusion(p, Kernel.FLOYD_STEINBERG, true, 1, ErrorDiffusion.Space.LINEAR, Matching.CIEDE2000),
                new Riemersma(p, Matching.CIEDE2000));
    }

    @Test void everyOutputPixelIsAPaletteColour() throws Exception {
        BufferedImage photo = ImageIO.read(ErrorDiffusionTest.SAMPLES.resolve("coffee.png").toFile());
        int[] px = pixels(photo);
        for (String name : new String[] {"ega", "candy"}) {
            Palette p = Palettes.named(name);
            Set<Integer> allowed = Arrays.stream(p.colours()).boxed().collect(Collectors.toSet());
            for (Ditherer d : all(p)) {
                long[] counts = new long[p.size()];
                int[] out = d.apply(px, photo.getWidth(), photo.getHeight(), counts, () -> false);
                for (int v : out) assertTrue(allowed.contains(v), name + "/" + d.getClass().getSimpleName() + ": " + Integer.toHexString(v));
                assertEquals(px.length, Arrays.stream(counts).sum());
            }
        }
    }

    @Test void aFlatPaletteColourStaysUntouched() {
        Palette ega = Palettes.named("ega");
        for (Ditherer d : all(ega)) {
            for (int c : ega.colours()) assertArrayEquals(flat(40 * 30, c), d.apply(flat(40 * 30, c), 40, 30, null, () -> false), d.getClass().getSimpleName());
        }
    }

    @Test void everyBuiltInPaletteColourStaysUntouchedByTheOrderedDither() {
        // shared mixes are made for a mean a half level off an odd palette colour: it must still give that colour alone
        List<String> names = new java.util.ArrayList<>(Palettes.names());
        names.addAll(List.of("grey16", "grey4"));
        for (String name : names) {
            Palette p = Palettes.named(name);
            for (ThresholdMatrix m : List.of(ThresholdMatrix.bayer(2), ThresholdMatrix.bayer(4), ThresholdMatrix.bayer(8), ThresholdMatrix.blueNoise(16))) {
                OrderedDither d = new OrderedDither(p, m, Matching.OKLAB);
                for (int c : p.colours()) assertArrayEquals(flat(16 * 16, c), d.apply(flat(16 * 16, c), 16, 16, null, () -> false),
                        name + " " + Integer.toHexString(c) + " " + m.size() + (d.sharesMixes() ? " (shared mixes)" : ""));
            }
        }
    }

    @Test void coloursOneLevelApartShareAMixOnlyWhereTheMixCannotTellThemApart() {
        // EGA with 4-colour mixes: its colours are 85 levels apart, a mix's step about 20
        OrderedDither coarse = new OrderedDither(Palettes.named("ega"), ThresholdMatrix.bayer(2), Matching.OKLAB);
        assertTrue(coarse.sharesMixes());
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            int even = random.nextInt(1 << 24) & 0xFEFEFE;
            assertArrayEquals(coarse.mix(even), coarse.mix(even | 0x010101), Integer.toHexString(even));
        }
        // 16 greys with 16-colour mixes: a mix's step is about a level, so every level keeps its own
        OrderedDither fine = new OrderedDither(Palettes.grey(16), ThresholdMatrix.bayer(4), Matching.OKLAB);
        assertFalse(fine.sharesMixes());
        int told = 0;
        for (int v = 0; v < 255; v++) if (!Arrays.equals(fine.mix(v * 0x010101), fine.mix((v + 1) * 0x010101))) told++;
        assertTrue(told > 200, told + " of 255 neighbouring greys had mixes of their own");
        // websafe (51 levels apart) with 16-colour mixes is under the line: sharing cost one photo 13 % (docs/dither.md)
        assertFalse(new OrderedDither(Palettes.named("websafe"), ThresholdMatrix.bayer(4), Matching.OKLAB).sharesMixes());
        assertTrue(new OrderedDither(Palettes.named("websafe"), ThresholdMatrix.bayer(2), Matching.OKLAB).sharesMixes());
    }

    @Test void aFlatGreyKeepsItsLightInLinearLight() {
        Palette bw = Palettes.named("bw");
        for (Ditherer d : List.of(new OrderedDither(bw, ThresholdMatrix.bayer(4), Matching.OKLAB),
                new OrderedDither(bw, ThresholdMatrix.blueNoise(64), Matching.OKLAB), new Riemersma(bw, Matching.OKLAB))) {
            for (int grey : new int[] {0x40, 0x80, 0xC0}) {
                long[] counts = new long[2];
                d.apply(flat(128 * 128, grey * 0x010101), 128, 128, counts, () -> false);
                assertEquals(Colour.linear(grey), counts[1] / (128.0 * 128), 0.04, d.getClass().getSimpleName() + " grey " + grey);
            }
        }
    }

    @Test void bayerMatricesAreTheRecursiveOnes() {
        ThresholdMatrix b2 = ThresholdMatrix.bayer(2);
        assertEquals(0.125f, b2.threshold(0, 0));
        assertEquals(0.625f, b2.threshold(1, 0));
        assertEquals(0.875f, b2.threshold(0, 1));
        assertEquals(0.375f, b2.threshold(1, 1));
        assertEquals(b2.threshold(0, 0), b2.threshold(2, -2), "the tile repeats");
        for (int size : new int[] {2, 4, 8, 16}) assertEveryRankOnce(ThresholdMatrix.bayer(size));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ThresholdMatrix.bayer(3)).getMessage().contains("2, 4, 8 or 16"));
    }

    @Test void blueNoiseHasEveryRankOnceAndNoClumps() {
        ThresholdMatrix blue = ThresholdMatrix.blueNoise(64);
        assertEveryRankOnce(blue);
        assertTrue(blue == ThresholdMatrix.blueNoise(64), "made once and kept");
        // Half the pixels on: in blue noise every 4x4 block holds close to 8 of them; white noise clumps.
        Random random = new Random(7);
        double blueSpread = 0, whiteSpread = 0;
        for (int by = 0; by < 64; by += 4) for (int bx = 0; bx < 64; bx += 4) {
            int blueOn = 0, whiteOn = 0;
            for (int y = by; y < by + 4; y++) for (int x = bx; x < bx + 4; x++) {
                if (blue.threshold(x, y) < 0.5f) blueOn++;
                if (random.nextBoolean()) whiteOn++;
            }
            blueSpread += (blueOn - 8) * (blueOn - 8);
            whiteSpread += (whiteOn - 8) * (whiteOn - 8);
        }
        assertTrue(blueSpread < whiteSpread / 4, "blue " + blueSpread + " white " + whiteSpread);
    }

    static void assertEveryRankOnce(ThresholdMatrix m) {
        Set<Float> seen = new HashSet<>();
        for (int y = 0; y < m.size(); y++) for (int x = 0; x < m.size(); x++) assertTrue(seen.add(m.threshold(x, y)), m.name());
        assertEquals(m.size() * m.size(), seen.size());
    }

    @Test void theGilbertCurveVisitsEveryPixelOnceStepByStep() {
        for (int[] wh : new int[][] {{1, 1}, {1, 9}, {9, 1}, {16, 16}, {37, 23}, {5, 64}, {100, 3}}) {
            int w = wh[0], h = wh[1];
            boolean[] seen = new boolean[w * h];
            int[] last = {-1, -1, 0, 0}; // x, y, points, diagonal steps
            Gilbert.walk(w, h, (x, y) -> {
                assertTrue(x >= 0 && x < w && y >= 0 && y < h);
                assertTrue(!seen[y * w + x], "visited twice");
                seen[y * w + x] = true;
                if (last[0] >= 0) {
                    int step = Math.abs(x - last[0]) + Math.abs(y - last[1]);
                    assertTrue(step == 1 || (step == 2 && x != last[0] && y != last[1]), w + "x" + h + " jumps at " + x + "," + y);
                    if (step == 2) last[3]++;
                }
                last[0] = x;
                last[1] = y;
                last[2]++;
            });
            assertEquals(w * h, last[2]);
            assertTrue(last[3] <= 1, w + "x" + h + ": " + last[3] + " diagonal steps");
        }
    }

    @Test void anAdaptivePaletteFindsTheColoursOfAFourColourImage() {
        int[] colours = {0xC8102E, 0x1F5FBF, 0xF7D117, 0x202020};
        int[] px = new int[100 * 100];
        for (int i = 0; i < px.length; i++) px[i] = colours[(i % 100) / 25];
        Palette p = AdaptivePalette.of(px, 4);
        assertEquals(Arrays.stream(colours).boxed().collect(Collectors.toSet()), Arrays.stream(p.colours()).boxed().collect(Collectors.toSet()));
        // asking for more colours than the image has gives the ones it has
        assertEquals(4, AdaptivePalette.of(px, 16).size());
        // a flat image still makes a valid palette that maps every pixel to itself
        Palette one = AdaptivePalette.of(flat(64, 0x336699), 8);
        assertEquals(2, one.size());
        assertArrayEquals(flat(64, 0x336699), new ErrorDiffusion(one, Kernel.FLOYD_STEINBERG, true, 1, ErrorDiffusion.Space.LINEAR).apply(flat(64, 0x336699), 8, 8, null, () -> false));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AdaptivePalette.of(px, 1)).getMessage().contains("2..256"));
    }

    @Test void kMeansImprovesOnMedianCut() throws Exception {
        int[] px = pixels(ImageIO.read(ErrorDiffusionTest.SAMPLES.resolve("chelsea.png").toFile()));
        for (int n : new int[] {8, 16}) {
            double cut = AdaptivePalette.meanSquaredError(px, AdaptivePalette.of(px, n, false));
            double refined = AdaptivePalette.meanSquaredError(px, AdaptivePalette.of(px, n, true));
            assertTrue(refined < cut, n + ": " + refined + " vs " + cut);
        }
    }

    @Test void bothMatchingsAgreeOnClearCasesAndCiede2000CanDisagreeNearBlue() {
        Palette ega = Palettes.named("ega");
        NearestColour ok = new NearestColour(ega, Matching.OKLAB), de = new NearestColour(ega, Matching.CIEDE2000);
        for (int c : ega.colours()) {
            assertEquals(c, ega.colour(ok.nearest(c)));
            assertEquals(c, ega.colour(de.nearest(c)));
        }
        int disagree = 0;
        for (int rgb = 0; rgb < 1 << 24; rgb += 4099) if (ok.nearest(rgb) != de.nearest(rgb)) disagree++;
        assertTrue(disagree > 0 && disagree < 4096 / 3, disagree + " of 4096 colours");
        assertEquals(Matching.CIEDE2000, Matching.of("ciede2000"));
        assertThrows(IllegalArgumentException.class, () -> Matching.of("rgb"));
    }

    @Test void theFastPathPicksTheSameColoursAsTheExactOne() {
        for (String name : new String[] {"ega", "candy", "websafe"}) {
            NearestColour n = new NearestColour(Palettes.named(name), Matching.OKLAB);
            Random random = new Random(3);
            int differ = 0;
            for (int i = 0; i < 20000; i++) {
                float r = random.nextFloat() * 2 - 0.5f, g = random.nextFloat() * 2 - 0.5f, b = random.nextFloat() * 2 - 0.5f;
                if (n.nearest(r, g, b) != n.nearest((double) r, (double) g, (double) b)) differ++;
            }
            assertTrue(differ <= 20, name + ": " + differ + " of 20000 differ");
        }
    }

    @Test void theBranchFreeRanksHoldOverTheWholeClampedRangeAndOutsideItTheExactPathAnswers() {
        // the ranks for up to 16 colours are offset to stay positive for every value the ditherers pass,
        // the corners of [-0.5, 1.5]^3 (where |p|^2 in OKLab is largest) included
        // every padded size (4, 8, 16 ranks) with its copies of the last colour: 2, 3, 4, 5, 8, 9, 16 colours.
        // Where the float path answers differently, the two colours must be equally near: ties closer than 16
        // units in the last place of the rank (about 1.5e-5) go to the lower index, greys spaced 1/15 apart meet them
        for (String name : new String[] {"ega", "candy", "bw", "grey3", "cga", "grey5", "grey9", "grey16"}) {
            NearestColour n = new NearestColour(Palettes.named(name), Matching.OKLAB);
            for (int i = 0; i <= 20; i++) for (int j = 0; j <= 20; j++) for (int k = 0; k <= 20; k++) {
                float r = -0.5f + i * 0.1f, g = -0.5f + j * 0.1f, b = -0.5f + k * 0.1f;
                int fast = n.nearestInRange(r, g, b), exact = n.nearest((double) r, (double) g, (double) b);
                if (fast == exact) continue;
                double[] p = new double[3];
                Colour.oklab(r, g, b, p);
                double gap = squaredDistance(p, Colour.oklab(n.palette().colour(fast))) - squaredDistance(p, Colour.oklab(n.palette().colour(exact)));
                assertTrue(gap < 3e-5, name + " at (" + r + ", " + g + ", " + b + "): colour " + fast + " is farther than " + exact + " by " + gap);
            }
            for (float[] far : new float[][] {{3, -2, 5}, {-4, -4, -4}, {9, 9, 9}, {1.6f, 0.5f, -0.7f}}) {
                assertEquals(n.nearest((double) far[0], (double) far[1], (double) far[2]), n.nearest(far[0], far[1], far[2]), name + " " + java.util.Arrays.toString(far));
            }
        }
    }

    private static double squaredDistance(double[] p, double[] q) {
        return (p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]);
    }

    @Test void theFastCubeRootsAreAccurate() {
        for (double x = -2; x <= 2; x += 0.001) assertEquals(Math.cbrt(x), Colour.cbrt(x), 1e-14);
        // the float table: within 3e-6 relative from 2^-30 to 16
        Random random = new Random(5);
        for (int i = 0; i < 200_000; i++) {
            float x = (float) (Math.pow(2, -30 + 34 * random.nextDouble()) * (random.nextBoolean() ? 1 : -1));
            assertEquals(Math.cbrt(x), NearestColour.cbrtInRange(x), 3e-6 * Math.abs(Math.cbrt(x)), "cbrt(" + x + ")");
        }
        for (float x : new float[] {0x1p-24f, 4f, -4f, 1f, 8f}) assertEquals(Math.cbrt(x), NearestColour.cbrtInRange(x), 3e-6 * Math.abs(Math.cbrt(x)), "cbrt(" + x + ")");
        // down to 0: below 2^-60 about the root of 2^-60 (1e-6) instead of a call
        for (int i = 0; i < 200_000; i++) {
            float x = (float) (Math.pow(2, -60 + 60.5 * random.nextDouble()) * (random.nextBoolean() ? 1 : -1));
            assertEquals(Math.cbrt(x), NearestColour.cbrtInRange(x), Math.max(3e-6 * Math.abs(Math.cbrt(x)), 1e-6), "cbrtInRange(" + x + ")");
        }
        for (float x : new float[] {0f, -0f, Float.MIN_VALUE, 0x1p-60f, 1.5f, -1.5f, 4f, 15.99f}) assertEquals(Math.cbrt(x), NearestColour.cbrtInRange(x), Math.max(3e-6 * Math.abs(Math.cbrt(x)), 1e-6), "cbrtInRange(" + x + ")");
    }

    @Test void bandsGiveTheSameResultOnAnyNumberOfCores() {
        int w = 64, h = 1300; // three bands
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) px[i] = ((i / w) * 255 / h) * 0x010101;
        ErrorDiffusion ed = new ErrorDiffusion(Palettes.named("bw"), Kernel.FLOYD_STEINBERG, true, 1, ErrorDiffusion.Space.LINEAR);
        assertArrayEquals(ed.indices(px, w, h, () -> false), ed.sequential().indices(px, w, h, () -> false));
        // and the seams keep the light: each band's share of white follows the ramp
        long[] counts = new long[2];
        ed.apply(px, w, h, counts, () -> false);
        double expected = 0;
        for (int v : px) expected += Colour.linear(v & 0xFF);
        assertEquals(expected / px.length, counts[1] / (double) px.length, 0.01);
    }

    @Test void theWrittenOutFloydSteinbergLoopGivesTheGeneralLoopsPixels() {
        int w = 97, h = 1100; // three bands, an odd width
        int[] px = new int[w * h];
        java.util.Random rnd = new java.util.Random(7);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
            int r = Math.min(255, x * 255 / w + rnd.nextInt(24)), g = Math.min(255, y * 255 / h + rnd.nextInt(24)), b = rnd.nextInt(256);
            px[y * w + x] = r << 16 | g << 8 | b;
        }
        for (String palette : new String[] {"ega", "candy", "bw"}) {
            for (boolean serpentine : new boolean[] {true, false}) {
                for (double strength : new double[] {1, 0.6}) {
                    ErrorDiffusion fast = new ErrorDiffusion(Palettes.named(palette), Kernel.FLOYD_STEINBERG, serpentine, strength, ErrorDiffusion.Space.LINEAR);
                    assertArrayEquals(fast.generalLoop().indices(px, w, h, () -> false), fast.indices(px, w, h, () -> false),
                            palette + ", serpentine " + serpentine + ", strength " + strength);
                }
            }
        }
    }

    @Test void colourAndCountsWrittenByTheBandsAgreeWithTheIndices() {
        int w = 61, h = 1100; // three bands
        int[] px = new int[w * h];
        Random rnd = new Random(11);
        for (int i = 0; i < px.length; i++) px[i] = rnd.nextInt(1 << 24);
        Palette palette = Palettes.named("ega");
        for (Kernel kernel : new Kernel[] {Kernel.FLOYD_STEINBERG, Kernel.ATKINSON}) {
            ErrorDiffusion d = new ErrorDiffusion(palette, kernel, true, 1, ErrorDiffusion.Space.LINEAR);
            int[] idx = d.indices(px, w, h, () -> false);
            long[] counts = new long[palette.size()], expected = new long[palette.size()];
            int[] out = d.apply(px, w, h, counts, () -> false);
            for (int i = 0; i < idx.length; i++) {
                assertEquals(palette.colour(idx[i]) & 0xFFFFFF, out[i], kernel + ", pixel " + i);
                expected[idx[i]]++;
            }
            assertArrayEquals(expected, counts, kernel.toString());
            assertArrayEquals(out, d.apply(px, w, h, null, () -> false), kernel + " without counts");
        }
    }

    @Test void cancellationStopsEveryMethod() {
        for (Ditherer d : all(Palettes.named("cga"))) {
            assertThrows(java.util.concurrent.CancellationException.class, () -> d.indices(flat(600 * 600, 0x808080), 600, 600, () -> true));
        }
    }
}
