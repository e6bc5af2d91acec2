package dev.atelier.plugin.deblock.internal;

/**
 * The quantisation constraint classical deblockers use: the true picture's luma DCT coefficients lie in the
 * interval that rounds to what the file holds, so a corrected picture's coefficients are clamped back into
 * [(k - 1/2) Q, (k + 1/2) Q] block by block. The file's integers k are recovered from the decoded picture
 * (its coefficients divided by Q and rounded: the decoder's rounding moves them far less than half a step
 * at the qualities deblocking is for). Luma only, on whole 8 x 8 blocks; chroma keeps the correction.
 * Measured by {@code ./atelier deblock-eval --project}: it adds 0.00-0.01 dB to the network, so the filter
 * does not use it (docs/deblock.md).
 */
final class Projection {
    private static final double[][] COS = new double[8][8];

    static {
        for (int x = 0; x < 8; x++) for (int u = 0; u < 8; u++) COS[x][u] = Math.cos((2 * x + 1) * u * Math.PI / 16) * (u == 0 ? Math.sqrt(0.125) : 0.5);
    }

    private Projection() { }

    /** {@code corrected} with its luma projected onto the set {@code decoded}'s file allows; {@code luma} is the table, natural order. */
    static int[] project(int[] decoded, int[] corrected, int width, int height, int[] luma) {
        int[] out = corrected.clone();
        double[] a = new double[64], b = new double[64], fa = new double[64], fb = new double[64], tmp = new double[64];
        for (int by = 0; by + 8 <= height; by += 8) {
            for (int bx = 0; bx + 8 <= width; bx += 8) {
                for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) {
                    int i = (by + y) * width + bx + x;
                    a[y * 8 + x] = y(decoded[i]) - 128;
                    b[y * 8 + x] = y(corrected[i]) - 128;
                }
                dct(a, fa, tmp);
                dct(b, fb, tmp);
                boolean changed = false;
                for (int k = 0; k < 64; k++) {
                    double q = luma[k], level = Math.rint(fa[k] / q), lo = (level - 0.5) * q, hi = (level + 0.5) * q;
                    double v = Math.max(lo, Math.min(hi, fb[k]));
                    if (v != fb[k]) {
                        fb[k] = v;
                        changed = true;
                    }
                }
                if (!changed) continue;
                idct(fb, a, tmp);
                for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) {
                    int i = (by + y) * width + bx + x;
                    out[i] = withLuma(corrected[i], a[y * 8 + x] + 128);
                }
            }
        }
        return out;
    }

    private static double y(int rgb) {
        return 0.299 * (rgb >> 16 & 0xFF) + 0.587 * (rgb >> 8 & 0xFF) + 0.114 * (rgb & 0xFF);
    }

    /** The pixel with its JFIF luma replaced (its Cb and Cr kept). */
    private static int withLuma(int rgb, double luma) {
        double d = luma - y(rgb);
        // R, G and B all move by the luma change when Cb and Cr stay (the JFIF matrix's luma column is all ones)
        return clamp((rgb >> 16 & 0xFF) + d) << 16 | clamp((rgb >> 8 & 0xFF) + d) << 8 | clamp((rgb & 0xFF) + d);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** 2-D DCT-II as JPEG defines it, separable: rows then columns. */
    static void dct(double[] f, double[] out, double[] tmp) {
        for (int y = 0; y < 8; y++) for (int u = 0; u < 8; u++) {
            double s = 0;
            for (int x = 0; x < 8; x++) s += f[y * 8 + x] * COS[x][u];
            tmp[y * 8 + u] = s;
        }
        for (int v = 0; v < 8; v++) for (int u = 0; u < 8; u++) {
            double s = 0;
            for (int y = 0; y < 8; y++) s += tmp[y * 8 + u] * COS[y][v];
            out[v * 8 + u] = s;
        }
    }

    static void idct(double[] c, double[] out, double[] tmp) {
        for (int v = 0; v < 8; v++) for (int x = 0; x < 8; x++) {
            double s = 0;
            for (int u = 0; u < 8; u++) s += c[v * 8 + u] * COS[x][u];
            tmp[v * 8 + x] = s;
        }
        for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) {
            double s = 0;
            for (int v = 0; v < 8; v++) s += tmp[v * 8 + x] * COS[y][v];
            out[y * 8 + x] = s;
        }
    }
}
