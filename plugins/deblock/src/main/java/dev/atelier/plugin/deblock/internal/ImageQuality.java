package dev.atelier.plugin.deblock.internal;

import java.awt.image.BufferedImage;

/**
 * The measures the deblocking literature reports: RGB PSNR; SSIM (Wang, Bovik, Sheikh and Simoncelli
 * 2004: 11 x 11 Gaussian window of sigma 1.5, K1 0.01, K2 0.03, on BT.601 luma, over the positions where
 * the window fits); and PSNR-B (Yim and Bovik 2011), PSNR with the mean squared error raised by a
 * blocking effect factor measured on the 8 x 8 grid of the decoded image, on luma.
 */
public final class ImageQuality {
    private ImageQuality() { }

    /** PSNR in dB over the three 8-bit channels; infinite for identical images. */
    public static double psnr(BufferedImage a, BufferedImage b) {
        return psnrOf(mse(rgb(a), rgb(b), a, b));
    }

    static double psnrOf(double mse) {
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    private static double mse(int[] pa, int[] pb, BufferedImage a, BufferedImage b) {
        same(a, b);
        double sum = 0;
        for (int i = 0; i < pa.length; i++) {
            for (int sh = 0; sh <= 16; sh += 8) {
                int d = (pa[i] >> sh & 0xFF) - (pb[i] >> sh & 0xFF);
                sum += d * d;
            }
        }
        return sum / (3.0 * pa.length);
    }

    /** Mean SSIM on luma. */
    public static double ssim(BufferedImage a, BufferedImage b) {
        same(a, b);
        int w = a.getWidth(), h = a.getHeight();
        double[] x = luma(a), y = luma(b);
        int r = 5;
        double[] g = new double[2 * r + 1];
        double gs = 0;
        for (int i = -r; i <= r; i++) gs += g[i + r] = Math.exp(-i * i / (2 * 1.5 * 1.5));
        for (int i = 0; i < g.length; i++) g[i] /= gs;
        double[] mx = blur(x, w, h, g), my = blur(y, w, h, g);
        double[] xx = new double[x.length], yy = new double[x.length], xy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] sxx = blur(xx, w, h, g), syy = blur(yy, w, h, g), sxy = blur(xy, w, h, g);
        double c1 = Math.pow(0.01 * 255, 2), c2 = Math.pow(0.03 * 255, 2), sum = 0;
        int n = 0;
        for (int py = r; py < h - r; py++) {
            for (int px = r; px < w - r; px++) {
                int i = py * w + px;
                double ux = mx[i], uy = my[i], vx = sxx[i] - ux * ux, vy = syy[i] - uy * uy, cov = sxy[i] - ux * uy;
                sum += (2 * ux * uy + c1) * (2 * cov + c2) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
                n++;
            }
        }
        if (n == 0) throw new IllegalArgumentException("SSIM needs images of at least 11 x 11 pixels");
        return sum / n;
    }

    /** PSNR-B in dB: {@code a} the original, {@code b} the decoded image whose blocking is measured. */
    public static double psnrB(BufferedImage a, BufferedImage b) {
        same(a, b);
        double[] x = luma(a), y = luma(b);
        double mse = 0;
        for (int i = 0; i < x.length; i++) mse += (x[i] - y[i]) * (x[i] - y[i]);
        mse /= x.length;
        return psnrOf(mse + bef(y, a.getWidth(), a.getHeight(), 8));
    }

    /**
     * The blocking effect factor: how much more the luma steps across block boundaries than between
     * other neighbours, weighted by log2(B) / log2(min(width, height)); zero when boundaries step less.
     */
    static double bef(double[] y, int w, int h, int block) {
        double onB = 0, offB = 0;
        long nB = 0, nOff = 0;
        for (int py = 0; py < h; py++) {
            for (int px = 0; px + 1 < w; px++) {
                double d = y[py * w + px] - y[py * w + px + 1];
                if ((px + 1) % block == 0) { onB += d * d; nB++; } else { offB += d * d; nOff++; }
            }
        }
        for (int py = 0; py + 1 < h; py++) {
            for (int px = 0; px < w; px++) {
                double d = y[py * w + px] - y[(py + 1) * w + px];
                if ((py + 1) % block == 0) { onB += d * d; nB++; } else { offB += d * d; nOff++; }
            }
        }
        if (nB == 0 || nOff == 0) return 0;
        double dB = onB / nB, dOff = offB / nOff;
        if (dB <= dOff) return 0;
        double eta = Math.log(block) / Math.log(Math.min(w, h));
        return eta * (dB - dOff);
    }

    static double[] luma(BufferedImage img) {
        int[] p = rgb(img);
        double[] y = new double[p.length];
        for (int i = 0; i < p.length; i++) y[i] = 0.299 * (p[i] >> 16 & 0xFF) + 0.587 * (p[i] >> 8 & 0xFF) + 0.114 * (p[i] & 0xFF);
        return y;
    }

    private static int[] rgb(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    private static double[] blur(double[] v, int w, int h, double[] g) {
        int r = g.length / 2;
        double[] tmp = new double[v.length], out = new double[v.length];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
            double s = 0;
            for (int i = -r; i <= r; i++) s += g[i + r] * v[y * w + Math.max(0, Math.min(w - 1, x + i))];
            tmp[y * w + x] = s;
        }
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
            double s = 0;
            for (int i = -r; i <= r; i++) s += g[i + r] * tmp[Math.max(0, Math.min(h - 1, y + i)) * w + x];
            out[y * w + x] = s;
        }
        return out;
    }

    private static void same(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new IllegalArgumentException("images differ in size: " + a.getWidth() + "x" + a.getHeight() + " and " + b.getWidth() + "x" + b.getHeight());
        }
    }
}
