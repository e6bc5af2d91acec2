package dev.atelier.plugin.linify.internal;

/**
 * Renders a path as ink on paper at the fine grid's resolution, for judging against the
 * photo after blurring both (what the eye sees from a distance; {@link Perceptual}). Ink is laid down as area: each short
 * piece of the line adds its width times its length, spread over the nearest pixels, and a pixel is at
 * most fully covered. That is what an anti-aliased stroke gives before the blur removes the rest.
 */
final class InkRenderer {
    private InkRenderer() { }

    /** Coverage in [0,1] per pixel of a w x h grid spanning widthMm x heightMm (y up in mm, row 0 at the top). */
    static float[] render(double[][] xy, double widthMm, double heightMm, int w, int h, double lineWidthMm) {
        float[] ink = new float[w * h];
        double s = w / widthMm;
        double lw = lineWidthMm * s;
        double[] x = xy[0], y = xy[1];
        for (int i = 1; i < x.length; i++) {
            double x0 = x[i - 1] * s, y0 = (heightMm - y[i - 1]) * s, x1 = x[i] * s, y1 = (heightMm - y[i]) * s;
            double len = Math.hypot(x1 - x0, y1 - y0);
            int n = Math.max(1, (int) Math.ceil(len / 0.5));
            float a = (float) (lw * len / n);
            for (int k = 0; k < n; k++) {
                double t = (k + 0.5) / n;
                splat(ink, w, h, x0 + (x1 - x0) * t - 0.5, y0 + (y1 - y0) * t - 0.5, a);
            }
        }
        for (int i = 0; i < ink.length; i++) ink[i] = Math.min(1, ink[i]);
        return ink;
    }

    private static void splat(float[] ink, int w, int h, double px, double py, float a) {
        int ix = (int) Math.floor(px), iy = (int) Math.floor(py);
        float fx = (float) (px - ix), fy = (float) (py - iy);
        add(ink, w, h, ix, iy, a * (1 - fx) * (1 - fy));
        add(ink, w, h, ix + 1, iy, a * fx * (1 - fy));
        add(ink, w, h, ix, iy + 1, a * (1 - fx) * fy);
        add(ink, w, h, ix + 1, iy + 1, a * fx * fy);
    }

    private static void add(float[] ink, int w, int h, int x, int y, float a) {
        x = Math.max(0, Math.min(w - 1, x));
        y = Math.max(0, Math.min(h - 1, y));
        ink[y * w + x] += a;
    }

    static float[] blur(float[] c, int w, int h, double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * r + 1];
        float s = 0;
        for (int i = -r; i <= r; i++) s += k[i + r] = (float) Math.exp(-i * i / (2 * sigma * sigma));
        for (int i = 0; i < k.length; i++) k[i] /= s;
        float[] tmp = new float[w * h], out = new float[w * h];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
            float v = 0;
            for (int i = -r; i <= r; i++) v += k[i + r] * c[y * w + Math.max(0, Math.min(w - 1, x + i))];
            tmp[y * w + x] = v;
        }
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
            float v = 0;
            for (int i = -r; i <= r; i++) v += k[i + r] * tmp[Math.max(0, Math.min(h - 1, y + i)) * w + x];
            out[y * w + x] = v;
        }
        return out;
    }
}
