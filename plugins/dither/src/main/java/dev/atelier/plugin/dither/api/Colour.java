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

    /**
     * Cube root, to double precision, about 5x faster than {@link Math#cbrt} on JDK 17 (where it is not
     * an intrinsic): a guess from the exponent bits, then two Halley steps (each triples the correct digits).
     * Three of these per pixel were most of the dither's time.
     */
    public static double cbrt(double x) {
        if (x == 0 || !Double.isFinite(x)) return x;
        double a = Math.abs(x);
        double y = Double.longBitsToDouble(Double.doubleToRawLongBits(a) / 3 + 0x2A9F7893782DA1CEL);
        double y3 = y * y * y;
        y *= (y3 + 2 * a) / (2 * y3 + a);
        y3 = y * y * y;
        y *= (y3 + 2 * a) / (2 * y3 + a);
        return x < 0 ? -y : y;
    }

    /** Linear RGB to OKLab, written into {@code lab} (L, a, b). */
    public static void oklab(double r, double g, double b, double[] lab) {
        double l = cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
        double m = cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
        double s = cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
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

    /** OKLab back to linear RGB, written into {@code rgb} (may leave [0,1] for colours outside sRGB). */
    public static void linearFromOklab(double lL, double a, double b, double[] rgb) {
        double l = lL + 0.3963377774 * a + 0.2158037573 * b;
        double m = lL - 0.1055613458 * a - 0.0638541728 * b;
        double s = lL - 0.0894841775 * a - 1.2914855480 * b;
        l = l * l * l;
        m = m * m * m;
        s = s * s * s;
        rgb[0] = 4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s;
        rgb[1] = -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s;
        rgb[2] = -0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s;
    }

    /** The packed 0xRRGGBB nearest to an OKLab colour (clipped to the sRGB cube). */
    public static int rgbFromOklab(double l, double a, double b) {
        double[] c = new double[3];
        linearFromOklab(l, a, b, c);
        return srgb(c[0]) << 16 | srgb(c[1]) << 8 | srgb(c[2]);
    }

    /** Relative luminance (Rec. 709, linear light) of a packed colour. */
    public static double luminance(int rgb) {
        return 0.2126 * linear(rgb >> 16) + 0.7152 * linear(rgb >> 8) + 0.0722 * linear(rgb);
    }
}
