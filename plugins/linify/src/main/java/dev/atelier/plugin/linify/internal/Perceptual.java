package dev.atelier.plugin.linify.internal;

/**
 * How much a drawing reads as its photo seen from a distance: both are blurred by one cell (the eye no longer
 * resolves the line), turned into CIE lightness L* (a perceptual scale: equal steps look equal, unlike linear
 * light), and compared by SSIM (Wang et al. 2004) with a Gaussian window of 1.5 cells. SSIM weighs local
 * structure and contrast, not only the mean difference: a drawing that keeps the photo's edges and shading
 * scores high even where paper and line cannot reach the photo's darkest black, which is where an RMS
 * difference in linear light drove the gamma search to the edge of its range.
 */
final class Perceptual {
    /** SSIM's stabilising constants for values in [0, 1] (K1 = 0.01, K2 = 0.03, as in the paper). */
    private static final double C1 = 1e-4, C2 = 9e-4;
    /** SSIM's window in cells. */
    static final double WINDOW_CELLS = 1.5;

    private Perceptual() { }

    /** CIE L* / 100 of linear light (relative luminance Y with a white of 1). */
    static float lightness(float y) {
        double t = Math.max(0, y);
        double f = t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
        return (float) ((116 * f - 16) / 100);
    }

    static float[] lightness(float[] linear) {
        float[] l = new float[linear.length];
        for (int i = 0; i < l.length; i++) l[i] = lightness(linear[i]);
        return l;
    }

    /** The photo side of SSIM, computed once per photo: its lightness, local means and local second moments. */
    static final class Reference {
        final int w, h, cell;
        final double window;
        final float[] light, mean, square;

        /**
         * @param photoBlurred the photo's linear light on the judging grid ({@code cell} pixels a cell), blurred by one cell
         */
        Reference(float[] photoBlurred, int w, int h, int cell) {
            // after the one-cell blur nothing finer than a cell is left: two pixels a cell carry it all, at a
            // quarter of the pixels (and half the taps) of the four the ink is rendered at
            int f = cell % 2 == 0 && cell >= 4 ? 2 : 1;
            this.w = w / f;
            this.h = h / f;
            this.cell = cell / f;
            this.window = WINDOW_CELLS * this.cell;
            light = lightness(shrink(photoBlurred, w, h, f));
            mean = InkRenderer.blur(light, this.w, this.h, window);
            float[] sq = new float[light.length];
            for (int i = 0; i < sq.length; i++) sq[i] = light[i] * light[i];
            square = InkRenderer.blur(sq, this.w, this.h, window);
        }

        /** SSIM of the drawing (ink coverage on the full judging grid) against this photo, both seen from a distance. */
        double score(float[] coverage, int fullWidth) {
            int f = fullWidth / w;
            float[] paper = shrink(coverage, fullWidth, coverage.length / fullWidth, f);
            for (int i = 0; i < paper.length; i++) paper[i] = 1 - paper[i];
            float[] b = lightness(InkRenderer.blur(paper, w, h, cell));
            float[] bb = new float[b.length], ab = new float[b.length];
            for (int i = 0; i < b.length; i++) {
                bb[i] = b[i] * b[i];
                ab[i] = light[i] * b[i];
            }
            return ssim(mean, square, InkRenderer.blur(b, w, h, window), InkRenderer.blur(bb, w, h, window), InkRenderer.blur(ab, w, h, window));
        }
    }

    /** The mean of each f x f box (f = 1: the image itself). */
    static float[] shrink(float[] img, int w, int h, int f) {
        if (f == 1) return img;
        int sw = w / f, sh = h / f;
        float[] out = new float[sw * sh];
        for (int y = 0; y < sh * f; y++) for (int x = 0; x < sw * f; x++) out[(y / f) * sw + x / f] += img[y * w + x];
        for (int i = 0; i < out.length; i++) out[i] /= f * f;
        return out;
    }

    /**
     * Mean SSIM of two lightness images (same size, values in [0, 1]) with a Gaussian window of sigma pixels;
     * 1 when they are equal.
     */
    static double ssim(float[] a, float[] b, int w, int h, double sigma) {
        int n = a.length;
        float[] aa = new float[n], bb = new float[n], ab = new float[n];
        for (int i = 0; i < n; i++) {
            aa[i] = a[i] * a[i];
            bb[i] = b[i] * b[i];
            ab[i] = a[i] * b[i];
        }
        return ssim(InkRenderer.blur(a, w, h, sigma), InkRenderer.blur(aa, w, h, sigma), InkRenderer.blur(b, w, h, sigma),
                InkRenderer.blur(bb, w, h, sigma), InkRenderer.blur(ab, w, h, sigma));
    }

    /** SSIM's mean from the local means and second moments of two images. */
    private static double ssim(float[] ma, float[] saa, float[] mb, float[] sbb, float[] sab) {
        int n = ma.length;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double mx = ma[i], my = mb[i];
            double vx = Math.max(0, saa[i] - mx * mx), vy = Math.max(0, sbb[i] - my * my), cxy = sab[i] - mx * my;
            sum += (2 * mx * my + C1) * (2 * cxy + C2) / ((mx * mx + my * my + C1) * (vx + vy + C2));
        }
        return sum / n;
    }
}
