package dev.atelier.plugin.dither.api;

/**
 * sRGB, linear light and OKLab (Björn Ottosson, 2020). Errors are diffused in linear light, where
 * adding light is what the eye averages; nearest colours are found in OKLab, where distance follows
 * perceived difference.
 */
public final class Colour {
    private static final float[] TO_LINEAR = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            double c = i / 255.0;
            TO_LINEAR[i] = (float) (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
        }
    }

    private Colour() { }

    /** 8-bit sRGB channel to linear light in [0,1]. */
    public static float linear(int channel) {
        return TO_LINEAR[channel & 0xFF];
    }

    /** Linear light in [0,1] to an 8-bit sRGB channel. */
    public static int srgb(double linear) {
        double c = linear <= 0.0031308 ? 12.92 * linear : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
        return (int) Math.max(0, Math.min(255, Math.round(c * 255)));
    }

    /** Linear RGB to OKLab, written into {@code lab} (L, a, b). */
    public static void oklab(double r, double g, double b, double[] lab) {
        double l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
        double m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
        double s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
        lab[0] = 0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s;
        lab[1] = 1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s;
        lab[2] = 0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s;
    }

    /** OKLab of a packed 0xRRGGBB colour. */
    public static double[] oklab(int rgb) {
        double[] lab = new double[3];
        oklab(linear(rgb >> 16), linear(rgb >> 8), linear(rgb), lab);
        return lab;
    }
}
