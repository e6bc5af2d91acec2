package dev.atelier.plugin.mosaic.internal;

import dev.atelier.plugin.dither.api.Colour;
import java.awt.image.BufferedImage;

/** Square tiles with a transparent background, made smaller: for the drawn tiles and for tiles cut from a photo. */
final class Argb {
    private Argb() { }

    /** Area-average resize of an ARGB image to size x size, weighting colour by alpha, in linear light. */
    static BufferedImage reduce(BufferedImage src, int size) {
        int s = src.getWidth();
        int[] px = src.getRGB(0, 0, s, s, null, 0, s);
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        double f = s / (double) size;
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                double ya = j * f, yb = (j + 1) * f, xa = i * f, xb = (i + 1) * f;
                double a = 0, rr = 0, g = 0, b = 0, wsum = 0;
                for (int y = (int) ya; y < yb && y < s; y++) {
                    double wy = Math.min(yb, y + 1) - Math.max(ya, y);
                    for (int x = (int) xa; x < xb && x < s; x++) {
                        double wgt = wy * (Math.min(xb, x + 1) - Math.max(xa, x));
                        int p = px[y * s + x];
                        double al = (p >>> 24) / 255.0 * wgt;
                        a += al;
                        rr += al * Colour.linear(p >> 16);
                        g += al * Colour.linear(p >> 8);
                        b += al * Colour.linear(p);
                        wsum += wgt;
                    }
                }
                int alpha = (int) Math.round(a / wsum * 255);
                out.setRGB(i, j, a == 0 ? 0 : alpha << 24 | Colour.srgb(rr / a) << 16 | Colour.srgb(g / a) << 8 | Colour.srgb(b / a));
            }
        }
        return out;
    }
}
