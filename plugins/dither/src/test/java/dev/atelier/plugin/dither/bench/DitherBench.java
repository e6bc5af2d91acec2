package dev.atelier.plugin.dither.bench;

import dev.atelier.plugin.dither.api.Colour;
import dev.atelier.plugin.dither.api.ErrorDiffusion;
import dev.atelier.plugin.dither.api.Kernel;
import dev.atelier.plugin.dither.api.Palette;
import dev.atelier.plugin.dither.api.Palettes;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Speed and quality of the dither bundle beside ImageMagick, on the bundled photos:
 * {@code java -cp ... DitherBench SAMPLES_DIR WORK_DIR}. Prints a table: megapixels per second on a
 * 12 MP image, and the mean CIEDE2000 between original and result after a Gaussian blur of sigma
 * 1.5 px (what an eye sees from a distance), averaged over the photos. ImageMagick is used when
 * installed ({@code convert -version} says ImageMagick) and skipped with a message otherwise.
 */
public final class DitherBench {
    public static void main(String[] args) throws Exception {
        Path samples = Path.of(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]));
        List<BufferedImage> photos = new ArrayList<>();
        for (String n : new String[] {"astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg"}) photos.add(rgb(ImageIO.read(samples.resolve(n).toFile())));
        BufferedImage big = scale(photos.get(0), 4000, 3000);
        File bigFile = work.resolve("12mp.png").toFile();
        ImageIO.write(big, "png", bigFile);
        boolean magick = imageMagick();
        if (!magick) System.out.println("ImageMagick not found (Debian package imagemagick): its rows are skipped");
        System.out.printf(Locale.ROOT, "%-8s %-34s %10s %12s%n", "palette", "method", "MP/s", "blurred dE00");
        for (String pal : new String[] {"candy", "ega"}) {
            Palette palette = Palettes.named(pal);
            for (Kernel k : Kernel.values()) {
                ErrorDiffusion ed = new ErrorDiffusion(palette, k, true, 1, ErrorDiffusion.Space.LINEAR);
                double mps = throughput(ed, big);
                double de = 0;
                for (BufferedImage p : photos) de += blurredDelta(p, image(ed.apply(pixels(p), p.getWidth(), p.getHeight(), null, () -> false), p));
                System.out.printf(Locale.ROOT, "%-8s %-34s %10.1f %12.2f%n", pal, "atelier " + k.id(), mps, de / photos.size());
            }
            if (magick) {
                File palFile = work.resolve(pal + ".png").toFile();
                BufferedImage swatch = new BufferedImage(palette.size(), 1, BufferedImage.TYPE_INT_RGB);
                for (int i = 0; i < palette.size(); i++) swatch.setRGB(i, 0, palette.colour(i));
                ImageIO.write(swatch, "png", palFile);
                for (String method : new String[] {"FloydSteinberg", "Riemersma"}) {
                    File out = work.resolve("im.png").toFile();
                    long t0 = System.nanoTime();
                    run("convert", bigFile.getPath(), "-dither", method, "-remap", palFile.getPath(), out.getPath());
                    double secs = (System.nanoTime() - t0) / 1e9;
                    double de = 0;
                    for (int i = 0; i < photos.size(); i++) {
                        File in = work.resolve("p" + i + ".png").toFile();
                        ImageIO.write(photos.get(i), "png", in);
                        run("convert", in.getPath(), "-dither", method, "-remap", palFile.getPath(), out.getPath());
                        de += blurredDelta(photos.get(i), rgb(ImageIO.read(out)));
                    }
                    System.out.printf(Locale.ROOT, "%-8s %-34s %10.1f %12.2f%n", pal, "imagemagick " + method + " (+PNG I/O)", 12 / secs, de / photos.size());
                }
            }
        }
    }

    private static double throughput(ErrorDiffusion ed, BufferedImage img) {
        int[] px = pixels(img);
        ed.apply(px, img.getWidth(), img.getHeight(), null, () -> false); // warm-up
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            ed.apply(px, img.getWidth(), img.getHeight(), null, () -> false);
            best = Math.min(best, System.nanoTime() - t0);
        }
        return img.getWidth() * (double) img.getHeight() / 1e6 / (best / 1e9);
    }

    /** Mean CIEDE2000 between two images after both are blurred with a Gaussian of sigma 1.5 px, in linear light. */
    static double blurredDelta(BufferedImage a, BufferedImage b) {
        int w = a.getWidth(), h = a.getHeight();
        float[][] la = blur(linear(a), w, h), lb = blur(linear(b), w, h);
        double sum = 0;
        double[] p = new double[3], q = new double[3];
        for (int i = 0; i < w * h; i++) {
            Ciede2000.lab(la[0][i], la[1][i], la[2][i], p);
            Ciede2000.lab(lb[0][i], lb[1][i], lb[2][i], q);
            sum += Ciede2000.delta(p[0], p[1], p[2], q[0], q[1], q[2]);
        }
        return sum / (w * h);
    }

    private static float[][] linear(BufferedImage img) {
        int[] px = pixels(img);
        float[][] c = new float[3][px.length];
        for (int i = 0; i < px.length; i++) for (int ch = 0; ch < 3; ch++) c[ch][i] = Colour.linear(px[i] >> (16 - 8 * ch));
        return c;
    }

    private static float[][] blur(float[][] c, int w, int h) {
        double sigma = 1.5;
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double s = 0;
        for (int i = -r; i <= r; i++) s += k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
        for (int i = 0; i < k.length; i++) k[i] /= s;
        float[][] out = new float[3][];
        for (int ch = 0; ch < 3; ch++) {
            float[] tmp = new float[w * h], res = new float[w * h];
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
                double v = 0;
                for (int i = -r; i <= r; i++) v += k[i + r] * c[ch][y * w + Math.max(0, Math.min(w - 1, x + i))];
                tmp[y * w + x] = (float) v;
            }
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
                double v = 0;
                for (int i = -r; i <= r; i++) v += k[i + r] * tmp[Math.max(0, Math.min(h - 1, y + i)) * w + x];
                res[y * w + x] = (float) v;
            }
            out[ch] = res;
        }
        return out;
    }

    private static boolean imageMagick() {
        try {
            Process p = new ProcessBuilder("convert", "-version").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes());
            return p.waitFor(10, TimeUnit.SECONDS) && s.contains("ImageMagick");
        } catch (Exception e) {
            return false;
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
    }

    static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    static BufferedImage rgb(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(img, 0, 0, null);
        return out;
    }

    static BufferedImage image(int[] px, BufferedImage like) {
        BufferedImage out = new BufferedImage(like.getWidth(), like.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, like.getWidth(), like.getHeight(), px, 0, like.getWidth());
        return out;
    }

    static BufferedImage scale(BufferedImage in, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(in, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
