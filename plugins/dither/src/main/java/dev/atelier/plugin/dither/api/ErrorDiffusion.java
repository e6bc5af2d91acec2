package dev.atelier.plugin.dither.api;

/**
 * Error diffusion onto a fixed palette. Each pixel, plus the error carried to it, is matched to the
 * palette colour nearest in OKLab; the difference in linear light (or in sRGB, for comparison) is
 * carried to the neighbours the kernel names. Errors live in a ring of {@code depth + 1} rows, so
 * memory beyond the images is a few rows whatever the image size.
 */
public final class ErrorDiffusion {
    /** Where the error is measured and spread. */
    public enum Space { LINEAR, SRGB }

    private final Palette palette;
    private final Kernel kernel;
    private final boolean serpentine;
    private final double strength;
    private final Space space;
    private final double[][] paletteLab;
    private final float[][] paletteValue;

    /**
     * @param strength the share of the error passed on, 0..1 (0: plain nearest-colour mapping)
     */
    public ErrorDiffusion(Palette palette, Kernel kernel, boolean serpentine, double strength, Space space) {
        if (strength < 0 || strength > 1) throw new IllegalArgumentException("strength must be 0..1, got " + strength);
        this.palette = palette;
        this.kernel = kernel;
        this.serpentine = serpentine;
        this.strength = strength;
        this.space = space;
        paletteLab = new double[palette.size()][];
        paletteValue = new float[palette.size()][3];
        for (int i = 0; i < palette.size(); i++) {
            int c = palette.colour(i);
            paletteLab[i] = Colour.oklab(c);
            for (int ch = 0; ch < 3; ch++) paletteValue[i][ch] = value(c >> (16 - 8 * ch));
        }
    }

    private float value(int channel) {
        return space == Space.LINEAR ? Colour.linear(channel) : (channel & 0xFF) / 255f;
    }

    private void toOklab(float[] v, double[] lab) {
        if (space == Space.LINEAR) Colour.oklab(v[0], v[1], v[2], lab);
        else Colour.oklab(Colour.linear(Math.round(v[0] * 255)), Colour.linear(Math.round(v[1] * 255)), Colour.linear(Math.round(v[2] * 255)), lab);
    }

    /**
     * Dithers {@code rgb} (width x height, 0xRRGGBB row-major) and returns for each pixel the index of
     * its palette colour. {@code cancelled} is polled once a row.
     */
    public int[] indices(int[] rgb, int width, int height, java.util.function.BooleanSupplier cancelled) {
        int depth = kernel.depth();
        int[][] taps = kernel.taps();
        float div = kernel.divisor();
        float[][] err = new float[depth + 1][(width + 4) * 3];
        int[] out = new int[rgb.length];
        float[] v = new float[3];
        double[] lab = new double[3];
        for (int y = 0; y < height; y++) {
            if ((y & 15) == 0 && cancelled.getAsBoolean()) throw new java.util.concurrent.CancellationException("cancelled");
            float[] row = err[y % (depth + 1)];
            boolean reverse = serpentine && (y & 1) == 1;
            for (int i = 0; i < width; i++) {
                int x = reverse ? width - 1 - i : i;
                int p = rgb[y * width + x];
                int e = (x + 2) * 3;
                // Clamping the carried value to [0,1] throws error away: matching in OKLab while diffusing
                // in linear light sends large negative errors into dark areas, and a dark grey came out
                // twice too light (11 % white for 5 %). A wider bound keeps the mean and still stops runaway.
                for (int ch = 0; ch < 3; ch++) v[ch] = Math.max(-0.5f, Math.min(1.5f, value(p >> (16 - 8 * ch)) + row[e + ch]));
                toOklab(v, lab);
                int best = nearest(lab);
                out[y * width + x] = best;
                for (int ch = 0; ch < 3; ch++) {
                    float q = (float) ((v[ch] - paletteValue[best][ch]) * strength / div);
                    if (q == 0) continue;
                    for (int[] t : taps) {
                        int dx = reverse ? -t[0] : t[0];
                        int tx = x + dx;
                        if (tx < 0 || tx >= width || y + t[1] >= height) continue;
                        err[(y + t[1]) % (depth + 1)][(tx + 2) * 3 + ch] += q * t[2];
                    }
                }
            }
            java.util.Arrays.fill(row, 0);
        }
        return out;
    }

    int nearest(double[] lab) {
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int i = 0; i < paletteLab.length; i++) {
            double[] c = paletteLab[i];
            double dl = lab[0] - c[0], da = lab[1] - c[1], db = lab[2] - c[2];
            double d = dl * dl + da * da + db * db;
            if (d < bestD) { bestD = d; best = i; }
        }
        return best;
    }

    /** Dithers and returns packed palette colours, filling {@code counts} (one per palette colour) if given. */
    public int[] apply(int[] rgb, int width, int height, long[] counts, java.util.function.BooleanSupplier cancelled) {
        int[] idx = indices(rgb, width, height, cancelled);
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = palette.colour(idx[i]) & 0xFFFFFF;
            if (counts != null) counts[idx[i]]++;
        }
        return out;
    }
}
