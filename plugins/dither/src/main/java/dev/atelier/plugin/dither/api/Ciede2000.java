package dev.atelier.plugin.dither.api;

/** CIELAB (D65) and the CIEDE2000 colour difference (Sharma, Wu, Dalal 2005). */
public final class Ciede2000 {
    private Ciede2000() { }

    /** Linear RGB (0..1) to CIELAB, into lab. */
    public static void lab(double r, double g, double b, double[] lab) {
        double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
        double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
        double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
        double fx = f(x), fy = f(y), fz = f(z);
        lab[0] = 116 * fy - 16;
        lab[1] = 500 * (fx - fy);
        lab[2] = 200 * (fy - fz);
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Colour.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    /** CIEDE2000 between two CIELAB colours (kL = kC = kH = 1). */
    public static double delta(double l1, double a1, double b1, double l2, double a2, double b2) {
        double c1 = Math.hypot(a1, b1), c2 = Math.hypot(a2, b2), cm = (c1 + c2) / 2;
        double g = 0.5 * (1 - Math.sqrt(Math.pow(cm, 7) / (Math.pow(cm, 7) + Math.pow(25, 7))));
        double a1p = (1 + g) * a1, a2p = (1 + g) * a2;
        double c1p = Math.hypot(a1p, b1), c2p = Math.hypot(a2p, b2);
        double h1p = hue(a1p, b1), h2p = hue(a2p, b2);
        double dl = l2 - l1, dc = c2p - c1p;
        double dh = 0;
        if (c1p * c2p != 0) {
            dh = h2p - h1p;
            if (dh > 180) dh -= 360;
            else if (dh < -180) dh += 360;
        }
        double dH = 2 * Math.sqrt(c1p * c2p) * Math.sin(Math.toRadians(dh / 2));
        double lm = (l1 + l2) / 2, cpm = (c1p + c2p) / 2;
        double hm = h1p + h2p;
        if (c1p * c2p != 0) {
            if (Math.abs(h1p - h2p) > 180) hm = hm < 360 ? hm + 360 : hm - 360;
            hm /= 2;
        }
        double t = 1 - 0.17 * Math.cos(Math.toRadians(hm - 30)) + 0.24 * Math.cos(Math.toRadians(2 * hm))
                + 0.32 * Math.cos(Math.toRadians(3 * hm + 6)) - 0.20 * Math.cos(Math.toRadians(4 * hm - 63));
        double dTheta = 30 * Math.exp(-Math.pow((hm - 275) / 25, 2));
        double rc = 2 * Math.sqrt(Math.pow(cpm, 7) / (Math.pow(cpm, 7) + Math.pow(25, 7)));
        double sl = 1 + 0.015 * (lm - 50) * (lm - 50) / Math.sqrt(20 + (lm - 50) * (lm - 50));
        double sc = 1 + 0.045 * cpm, sh = 1 + 0.015 * cpm * t;
        double rt = -Math.sin(Math.toRadians(2 * dTheta)) * rc;
        return Math.sqrt(Math.pow(dl / sl, 2) + Math.pow(dc / sc, 2) + Math.pow(dH / sh, 2) + rt * (dc / sc) * (dH / sh));
    }

    private static double hue(double a, double b) {
        if (a == 0 && b == 0) return 0;
        double h = Math.toDegrees(Math.atan2(b, a));
        return h < 0 ? h + 360 : h;
    }
}
