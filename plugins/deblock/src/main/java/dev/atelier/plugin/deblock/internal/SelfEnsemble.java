package dev.atelier.plugin.deblock.internal;

/**
 * Geometric self-ensemble: the network runs on the tile mirrored and transposed (2, 4 or 8 of the square's
 * symmetries) and the corrections, mapped back, are averaged. The tile is first padded to whole 8 x 8 blocks
 * by repeating its last row and column, so every mirror keeps the JPEG block grid where it was; the padding
 * is cut off again. It costs one network pass per variant.
 */
final class SelfEnsemble {
    private SelfEnsemble() { }

    /** The passes allowed: identity; + left-right mirror; + top-bottom and both; + the four transposed ones. */
    static boolean allowed(int variants) {
        return variants == 1 || variants == 2 || variants == 4 || variants == 8;
    }

    static Tiler.Pass of(Tiler.Pass net, int variants) {
        if (!allowed(variants)) throw new IllegalArgumentException("ensemble is 1, 2, 4 or 8 passes, not " + variants);
        if (variants == 1) return net;
        return (rgb, h, w) -> {
            int ph = (h + 7) / 8 * 8, pw = (w + 7) / 8 * 8, plane = ph * pw;
            float[] padded = new float[3 * plane];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < ph; y++) {
                    int sy = Math.min(y, h - 1);
                    for (int x = 0; x < pw; x++) padded[c * plane + y * pw + x] = rgb[c * h * w + sy * w + Math.min(x, w - 1)];
                }
            }
            float[] sum = new float[3 * plane], view = new float[3 * plane];
            int[] source = new int[plane];
            for (int k = 0; k < variants; k++) {
                boolean flipX = (k & 1) != 0, flipY = (k & 2) != 0, transpose = (k & 4) != 0;
                int th = transpose ? pw : ph, tw = transpose ? ph : pw;
                for (int y = 0; y < th; y++) {
                    for (int x = 0; x < tw; x++) {
                        int u = transpose ? x : y, v = transpose ? y : x;
                        int sy = flipY ? ph - 1 - u : u, sx = flipX ? pw - 1 - v : v;
                        source[y * tw + x] = sy * pw + sx;
                    }
                }
                for (int c = 0; c < 3; c++) for (int i = 0; i < plane; i++) view[c * plane + i] = padded[c * plane + source[i]];
                float[] correction = net.correction(view, th, tw);
                for (int c = 0; c < 3; c++) for (int i = 0; i < plane; i++) sum[c * plane + source[i]] += correction[c * plane + i];
            }
            float[] out = new float[3 * h * w];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) out[c * h * w + y * w + x] = sum[c * plane + y * pw + x] / variants;
                }
            }
            return out;
        };
    }
}
