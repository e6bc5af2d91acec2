package dev.atelier.plugin.linify.internal;

/**
 * Contrast-limited adaptive histogram equalisation (Zuiderveld 1994, "CLAHE") of a photo's lightness, for
 * photos whose subject spans a narrow band of tones (a grey rocket against a grey sky): each of 8 x 8 tiles
 * gets its own equalising curve, with each histogram bin clipped at {@link #CLIP} times the mean and the
 * excess spread over all bins so that flat areas are not turned into noise, and every pixel takes the
 * bilinear blend of its four nearest tiles' curves (no seams). Done on CIE L*, where equal steps look equal.
 */
final class Clahe {
    static final int TILES = 8, BINS = 256;
    static final double CLIP = 2.5;

    private Clahe() { }

    /**
     * @param linear linear light in [0, 1], w x h
     * @param cols, rows the cells the picture will be drawn with: no more tiles than cells across
     * @return linear light after equalising its lightness locally
     */
    static float[] apply(float[] linear, int w, int h, int cols, int rows) {
        int tx = Math.max(1, Math.min(TILES, cols / 2)), ty = Math.max(1, Math.min(TILES, rows / 2));
        float[] l = Perceptual.lightness(linear);
        float[][] curves = new float[tx * ty][];
        for (int j = 0; j < ty; j++) for (int i = 0; i < tx; i++) {
            int x0 = i * w / tx, x1 = (i + 1) * w / tx, y0 = j * h / ty, y1 = (j + 1) * h / ty;
            double[] hist = new double[BINS];
            int n = 0;
            for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) { hist[bin(l[y * w + x])]++; n++; }
            curves[j * tx + i] = curve(hist, n);
        }
        float[] out = new float[linear.length];
        for (int y = 0; y < h; y++) {
            // tile centres at (i + 0.5) * w / tx; a pixel blends the two nearest in each direction
            double gy = (y + 0.5) * ty / h - 0.5;
            int j0 = (int) Math.floor(gy);
            double fy = gy - j0;
            int ja = Math.max(0, j0), jb = Math.min(ty - 1, j0 + 1);
            for (int x = 0; x < w; x++) {
                double gx = (x + 0.5) * tx / w - 0.5;
                int i0 = (int) Math.floor(gx);
                double fx = gx - i0;
                int ia = Math.max(0, i0), ib = Math.min(tx - 1, i0 + 1);
                int b = bin(l[y * w + x]);
                double top = curves[ja * tx + ia][b] * (1 - fx) + curves[ja * tx + ib][b] * fx;
                double bottom = curves[jb * tx + ia][b] * (1 - fx) + curves[jb * tx + ib][b] * fx;
                out[y * w + x] = linear((float) (top * (1 - fy) + bottom * fy));
            }
        }
        return out;
    }

    private static int bin(float lightness) {
        return Math.max(0, Math.min(BINS - 1, (int) (lightness * BINS)));
    }

    /** The clipped histogram's cumulative distribution, as lightness per bin. */
    private static float[] curve(double[] hist, int n) {
        double limit = Math.max(1, CLIP * n / BINS), excess = 0;
        for (int k = 0; k < BINS; k++) {
            if (hist[k] > limit) { excess += hist[k] - limit; hist[k] = limit; }
        }
        float[] c = new float[BINS];
        double run = 0;
        for (int k = 0; k < BINS; k++) {
            run += hist[k] + excess / BINS;
            c[k] = (float) (n == 0 ? (k + 0.5) / BINS : run / n);
        }
        return c;
    }

    /** Linear light of a CIE L* / 100. */
    static float linear(float lightness) {
        double f = (lightness * 100 + 16) / 116;
        return (float) (f > 6.0 / 29 ? f * f * f : 3 * (6.0 / 29) * (6.0 / 29) * (f - 4.0 / 29));
    }
}
