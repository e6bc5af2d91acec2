package dev.atelier.plugin.dither.api;

import java.util.function.BooleanSupplier;

/**
 * Riemersma dithering ("A balanced dithering technique", C/C++ Users Journal, 1998): the image is
 * walked along a space-filling curve and each pixel is corrected by the errors of the last 16 pixels
 * on the curve, the newest weighing 16 times the oldest. The error stays local in every direction,
 * without the directional texture of a scan line. Errors are kept in linear light and colours matched
 * as in {@link ErrorDiffusion}.
 *
 * <p>One change from the paper: there each error is pixel minus output and the weights sum to about
 * 5.6, a feedback that does not keep the mean (a 25 % grey, 5.1 % light, came out 10 % white). Here
 * each error is the corrected value minus the output and the weights sum to 1, so every error is
 * passed on exactly once over the next 16 pixels and the light is kept, as in error diffusion.
 */
public final class Riemersma implements Ditherer {
    private static final int HISTORY = 16;
    private static final double RATIO = 16;

    private final Palette palette;
    private final NearestColour nearest;
    private final float[] value;
    private final double[] weights = new double[HISTORY]; // oldest first, summing to 1

    public Riemersma(Palette palette, Matching matching) {
        this.palette = palette;
        this.nearest = new NearestColour(palette, matching);
        value = palette.linear();
        double m = Math.exp(Math.log(RATIO) / (HISTORY - 1));
        double w = 1, sum = 0;
        for (int i = 0; i < HISTORY; i++, w *= m) sum += weights[i] = w;
        for (int i = 0; i < HISTORY; i++) weights[i] /= sum;
    }

    @Override public Palette palette() { return palette; }

    @Override
    public int[] indices(int[] rgb, int width, int height, BooleanSupplier cancelled) {
        int[] out = new int[rgb.length];
        // a ring of the last HISTORY errors, 3 channels each; head is the oldest
        double[] history = new double[HISTORY * 3];
        int[] state = {0, 0}; // head, pixels visited
        Gilbert.walk(width, height, (x, y) -> {
            if ((++state[1] & 0xFFFF) == 0) Ditherer.checkCancelled(cancelled);
            int p = rgb[y * width + x];
            double r = Colour.linear(p >> 16), g = Colour.linear(p >> 8), b = Colour.linear(p);
            double cr = r, cg = g, cb = b;
            for (int i = 0, k = state[0]; i < HISTORY; i++, k = (k + 1) % HISTORY) {
                double w = weights[i];
                cr += w * history[3 * k];
                cg += w * history[3 * k + 1];
                cb += w * history[3 * k + 2];
            }
            cr = NearestColour.clamp(cr);
            cg = NearestColour.clamp(cg);
            cb = NearestColour.clamp(cb);
            int best = nearest.nearestInRange((float) cr, (float) cg, (float) cb);
            out[y * width + x] = best;
            int k = state[0]; // the oldest makes room for the newest
            history[3 * k] = cr - value[3 * best];
            history[3 * k + 1] = cg - value[3 * best + 1];
            history[3 * k + 2] = cb - value[3 * best + 2];
            state[0] = (k + 1) % HISTORY;
        });
        return out;
    }
}
