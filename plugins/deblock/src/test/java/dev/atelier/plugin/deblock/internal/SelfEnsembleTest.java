package dev.atelier.plugin.deblock.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SelfEnsembleTest {
    /** 21 x 13: neither side a whole number of blocks, so the padding and its removal are exercised. */
    static final int W = 21, H = 13;

    static float[] noise(long seed) {
        Random rnd = new Random(seed);
        float[] rgb = new float[3 * W * H];
        for (int i = 0; i < rgb.length; i++) rgb[i] = rnd.nextFloat();
        return rgb;
    }

    @Test
    void aPixelByPixelPassIsUnchangedByEveryVariant() {
        Tiler.Pass pointwise = (rgb, h, w) -> {
            float[] c = new float[rgb.length];
            for (int i = 0; i < c.length; i++) c[i] = 0.1f - 0.2f * rgb[i] * rgb[i];
            return c;
        };
        float[] rgb = noise(1), expected = pointwise.correction(rgb, H, W);
        for (int n : new int[] {1, 2, 4, 8}) {
            float[] got = SelfEnsemble.of(pointwise, n).correction(rgb, H, W);
            for (int i = 0; i < got.length; i++) assertEquals(expected[i], got[i], 1e-6, "variants " + n + ", value " + i);
        }
    }

    @Test
    void theMirroredPassIsMappedBack() {
        // the correction is the left neighbour minus the pixel; with its mirror image averaged in, the right neighbour joins
        Tiler.Pass leftNeighbour = (rgb, h, w) -> {
            float[] c = new float[rgb.length];
            for (int p = 0; p < 3; p++) for (int y = 0; y < h; y++) for (int x = 1; x < w; x++) {
                int i = p * h * w + y * w + x;
                c[i] = rgb[i - 1] - rgb[i];
            }
            return c;
        };
        float[] rgb = noise(2), got = SelfEnsemble.of(leftNeighbour, 2).correction(rgb, H, W);
        for (int p = 0; p < 3; p++) for (int y = 0; y < H; y++) for (int x = 1; x < W - 1; x++) {
            int i = p * H * W + y * W + x;
            assertEquals((rgb[i - 1] + rgb[i + 1]) / 2 - rgb[i], got[i], 1e-6, "plane " + p + " at " + x + "," + y);
        }
    }

    @Test
    void everyVariantKeepsTheBlockGrid() {
        // marks the first column and row of each 8 x 8 block the pass sees; mirrored, those are the last ones of the
        // original's blocks, so the average marks only pixels beside a block edge, in no variant a pixel inside a block
        Tiler.Pass edges = (rgb, h, w) -> {
            float[] c = new float[rgb.length];
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) if (x % 8 == 0 || y % 8 == 0) c[y * w + x] = 1;
            return c;
        };
        float[] got = SelfEnsemble.of(edges, 8).correction(noise(3), H, W);
        for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) {
            boolean besideEdge = x % 8 == 0 || x % 8 == 7 || y % 8 == 0 || y % 8 == 7;
            if (!besideEdge) assertEquals(0, got[y * W + x], 0, "inside a block at " + x + "," + y);
        }
        assertTrue(got[3 * W + 8] > 0 && got[3 * W + 7] > 0, "both sides of a block edge are marked in some view");
    }

    @Test
    void otherCountsAreRefused() {
        Tiler.Pass none = (rgb, h, w) -> new float[rgb.length];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SelfEnsemble.of(none, 3));
        assertEquals("ensemble is 1, 2, 4 or 8 passes, not 3", e.getMessage());
    }
}
