package dev.atelier.plugin.dither.api;

import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * Error diffusion onto a fixed palette. Each pixel, plus the error carried to it, is matched to the
 * nearest palette colour (OKLab or CIEDE2000); the difference in linear light (or in sRGB, for
 * comparison) is carried to the neighbours the kernel names. Errors live in a ring of
 * {@code depth + 1} rows, so memory beyond the images is a few rows whatever the image size.
 *
 * <p>Images taller than {@value #BAND_ROWS} rows are cut into bands of that many rows that run in
 * parallel. Each band first diffuses the {@value #PRIMING_ROWS} rows above it without writing them, so
 * it starts with an error field like the one the band above would hand on and no seam shows. The
 * bands depend only on the image height, so the result is the same on any number of cores.
 */
public final class ErrorDiffusion implements Ditherer {
    /** Where the error is measured and spread. */
    public enum Space { LINEAR, SRGB }

    static final int BAND_ROWS = 512;
    static final int PRIMING_ROWS = 16;

    private final Palette palette;
    private final Kernel kernel;
    private final boolean serpentine;
    private final double strength;
    private final Space space;
    private final NearestColour nearest;
    private final float[] paletteValue; // 3 per colour, in the diffusion space
    private boolean parallel = true;
    private boolean generalLoop = false;

    /** OKLab matching. @param strength the share of the error passed on, 0..1 (0: plain nearest-colour mapping) */
    public ErrorDiffusion(Palette palette, Kernel kernel, boolean serpentine, double strength, Space space) {
        this(palette, kernel, serpentine, strength, space, Matching.OKLAB);
    }

    /** @param strength the share of the error passed on, 0..1 (0: plain nearest-colour mapping) */
    public ErrorDiffusion(Palette palette, Kernel kernel, boolean serpentine, double strength, Space space, Matching matching) {
        if (!(strength >= 0 && strength <= 1)) throw new IllegalArgumentException("strength must be 0..1, got " + strength);
        this.palette = palette;
        this.kernel = kernel;
        this.serpentine = serpentine;
        this.strength = strength;
        this.space = space;
        this.nearest = new NearestColour(palette, matching);
        paletteValue = new float[palette.size() * 3];
        for (int i = 0; i < palette.size(); i++) {
            int c = palette.colour(i);
            for (int ch = 0; ch < 3; ch++) paletteValue[3 * i + ch] = value(c >> (16 - 8 * ch));
        }
    }

    @Override public Palette palette() { return palette; }

    /**
     * Runs the bands one after another on the calling thread (same result), for callers that already
     * keep every core busy with other images, and for measuring one core.
     */
    public ErrorDiffusion sequential() {
        ErrorDiffusion copy = new ErrorDiffusion(palette, kernel, serpentine, strength, space, nearest.matching());
        copy.parallel = false;
        return copy;
    }

    /** The same ditherer on the loop for any kernel, never the one written out for Floyd–Steinberg (to compare them). */
    ErrorDiffusion generalLoop() {
        ErrorDiffusion copy = new ErrorDiffusion(palette, kernel, serpentine, strength, space, nearest.matching());
        copy.parallel = parallel;
        copy.generalLoop = true;
        return copy;
    }

    private float value(int channel) {
        return space == Space.LINEAR ? Colour.linear(channel) : (channel & 0xFF) / 255f;
    }

    @Override
    public int[] indices(int[] rgb, int width, int height, BooleanSupplier cancelled) {
        int[] self = new int[palette.size()];
        for (int i = 0; i < self.length; i++) self[i] = i;
        return run(rgb, width, height, self, null, cancelled);
    }

    /** The colours are written by the bands as they go, not mapped from indices afterwards in one thread. */
    @Override
    public int[] apply(int[] rgb, int width, int height, long[] counts, BooleanSupplier cancelled) {
        int[] colours = new int[palette.size()];
        for (int i = 0; i < colours.length; i++) colours[i] = palette.colour(i) & 0xFFFFFF;
        return run(rgb, width, height, colours, counts, cancelled);
    }

    /** Writes {@code value[i]} for palette colour i; adds each band's counts to {@code counts} if given. */
    private int[] run(int[] rgb, int width, int height, int[] value, long[] counts, BooleanSupplier cancelled) {
        // the check Ditherer.apply makes, here once for both entries
        if (rgb.length != (long) width * height) throw new IllegalArgumentException(rgb.length + " pixels for " + width + "x" + height);
        int[] out = new int[rgb.length];
        int bands = (height + BAND_ROWS - 1) / BAND_ROWS;
        int[][] bandCounts = new int[bands][palette.size()];
        if (bands <= 1) {
            diffuse(rgb, width, 0, height, 0, out, value, bandCounts[0], cancelled);
        } else {
            IntStream range = IntStream.range(0, bands);
            (parallel ? range.parallel() : range).forEach(b -> {
                int y0 = b * BAND_ROWS;
                diffuse(rgb, width, Math.max(0, y0 - PRIMING_ROWS), Math.min(height, y0 + BAND_ROWS), y0, out, value, bandCounts[b], cancelled);
            });
        }
        if (counts != null) {
            for (int[] band : bandCounts) for (int i = 0; i < band.length; i++) counts[i] += band[i];
        }
        return out;
    }

    /** Diffuses rows [yStart, yEnd); for rows from yWrite on, writes {@code value[colour]} and counts it. */
    private void diffuse(int[] rgb, int width, int yStart, int yEnd, int yWrite, int[] out, int[] value, int[] count, BooleanSupplier cancelled) {
        if (kernel == Kernel.FLOYD_STEINBERG && space == Space.LINEAR && !generalLoop) {
            floydSteinberg(rgb, width, yStart, yEnd, yWrite, out, value, count, cancelled);
            return;
        }
        int ring = kernel.depth() + 1;
        int[][] taps = kernel.taps();
        int n = taps.length;
        int[] dx = new int[n], dy = new int[n];
        float[] weight = new float[n];
        for (int t = 0; t < n; t++) {
            dx[t] = taps[t][0];
            dy[t] = taps[t][1];
            weight[t] = (float) (taps[t][2] * strength / kernel.divisor());
        }
        float[] toValue = new float[256];
        for (int i = 0; i < 256; i++) toValue[i] = value(i);
        // two columns of padding each side take the error that falls off the edges
        float[][] err = new float[ring][(width + 4) * 3];
        float[][] target = new float[n][]; // the error row each tap writes to, for the current row
        boolean linear = space == Space.LINEAR;
        for (int y = yStart; y < yEnd; y++) {
            if (((y - yStart) & 15) == 0) Ditherer.checkCancelled(cancelled);
            float[] row = err[y % ring];
            for (int t = 0; t < n; t++) target[t] = err[(y + dy[t]) % ring];
            boolean reverse = serpentine && (y & 1) == 1;
            int step = reverse ? -1 : 1;
            boolean write = y >= yWrite;
            int base = y * width;
            int best = 0;
            for (int i = 0, x = reverse ? width - 1 : 0; i < width; i++, x += step) {
                int p = rgb[base + x];
                int e = (x + 2) * 3;
                // Clamping the carried value to [0,1] throws error away: matching in OKLab while diffusing
                // in linear light sends large negative errors into dark areas, and a dark grey came out
                // twice too light (11 % white for 5 %). A wider bound keeps the mean and still stops runaway.
                float r = NearestColour.clamp(toValue[(p >> 16) & 0xFF] + row[e]);
                float g = NearestColour.clamp(toValue[(p >> 8) & 0xFF] + row[e + 1]);
                float b = NearestColour.clamp(toValue[p & 0xFF] + row[e + 2]);
                best = linear ? nearest.nearestInRange(r, g, b) : nearest.nearest(linearOf(r), linearOf(g), linearOf(b));
                if (write) {
                    out[base + x] = value[best];
                    count[best]++;
                }
                float er = r - paletteValue[3 * best], eg = g - paletteValue[3 * best + 1], eb = b - paletteValue[3 * best + 2];
                for (int t = 0; t < n; t++) {
                    float[] tr = target[t];
                    int k = e + step * dx[t] * 3;
                    float w = weight[t];
                    tr[k] = Math.fma(er, w, tr[k]);
                    tr[k + 1] = Math.fma(eg, w, tr[k + 1]);
                    tr[k + 2] = Math.fma(eb, w, tr[k + 2]);
                }
            }
            java.util.Arrays.fill(row, 0);
        }
    }

    /**
     * The general loop above, written out for Floyd–Steinberg: the error for the next pixel and the two
     * partial sums for the row below stay in locals, so a pixel reads its carried error once and writes one
     * finished value for the row below, instead of twelve read-modify-writes through the tap table. The sums
     * are added in the same order as in the general loop, so the result is bit for bit the same (a test
     * compares). About 15-30 % faster (12 MP, both palettes of the benchmark).
     */
    private void floydSteinberg(int[] rgb, int width, int yStart, int yEnd, int yWrite, int[] out, int[] value, int[] count, BooleanSupplier cancelled) {
        float right = (float) (7 * strength / 16), behind = (float) (3 * strength / 16), below = (float) (5 * strength / 16),
                ahead = (float) (1 * strength / 16);
        float[] pv = paletteValue;
        // two rows: the one being dithered (its carried error) and the one below (written as it is finished);
        // one column of padding each side takes what falls off the edges
        float[] row = new float[(width + 2) * 3], next = new float[(width + 2) * 3];
        for (int y = yStart; y < yEnd; y++) {
            if (((y - yStart) & 15) == 0) Ditherer.checkCancelled(cancelled);
            boolean reverse = serpentine && (y & 1) == 1;
            int step = reverse ? -1 : 1, s3 = 3 * step;
            boolean write = y >= yWrite;
            int base = y * width;
            float lastR = 0, lastG = 0, lastB = 0; // the last pixel's error: 7/16 of it goes to this one
            float backR = 0, backG = 0, backB = 0; // the row below, under the last pixel: 1/16 and 5/16 so far
            float hereR = 0, hereG = 0, hereB = 0; // the row below, under this pixel: 1/16 of the last error so far
            for (int i = 0, x = reverse ? width - 1 : 0; i < width; i++, x += step) {
                int p = rgb[base + x];
                int e = (x + 1) * 3;
                // the same wide clamp as the general loop (see there); the sums as there, in the same order
                float r = NearestColour.clamp(Colour.linear(p >> 16) + Math.fma(lastR, right, row[e]));
                float g = NearestColour.clamp(Colour.linear(p >> 8) + Math.fma(lastG, right, row[e + 1]));
                float b = NearestColour.clamp(Colour.linear(p) + Math.fma(lastB, right, row[e + 2]));
                int best = nearest.nearestInRange(r, g, b);
                if (write) {
                    out[base + x] = value[best];
                    count[best]++;
                }
                float er = r - pv[3 * best], eg = g - pv[3 * best + 1], eb = b - pv[3 * best + 2];
                lastR = er;
                lastG = eg;
                lastB = eb;
                int k = e - s3; // below and behind: finished now
                next[k] = Math.fma(er, behind, backR);
                next[k + 1] = Math.fma(eg, behind, backG);
                next[k + 2] = Math.fma(eb, behind, backB);
                backR = Math.fma(er, below, hereR);
                backG = Math.fma(eg, below, hereG);
                backB = Math.fma(eb, below, hereB);
                hereR = er * ahead;
                hereG = eg * ahead;
                hereB = eb * ahead;
            }
            int last = ((reverse ? 0 : width - 1) + 1) * 3;
            next[last] = backR;
            next[last + 1] = backG;
            next[last + 2] = backB;
            float[] t = row;
            row = next;
            next = t;
        }
    }

    /** sRGB value (possibly a little outside [0,1]) to linear light, continuous on both sides. */
    private static double linearOf(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
