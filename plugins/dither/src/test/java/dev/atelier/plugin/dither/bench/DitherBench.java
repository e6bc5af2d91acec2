package dev.atelier.plugin.dither.bench;

import dev.atelier.plugin.dither.api.AdaptivePalette;
import dev.atelier.plugin.dither.api.Ciede2000;
import dev.atelier.plugin.dither.api.Colour;
import dev.atelier.plugin.dither.api.Ditherer;
import dev.atelier.plugin.dither.api.Matching;
import dev.atelier.plugin.dither.api.OrderedDither;
import dev.atelier.plugin.dither.api.Riemersma;
import dev.atelier.plugin.dither.api.ThresholdMatrix;
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
 * {@code java -cp ... DitherBench SAMPLES_DIR WORK_DIR [--quick]}. Prints a table: megapixels per second
 * on a 12 MP image (dithering only; for ImageMagick, raw input and no output, its reading time taken
 * off), and the mean CIEDE2000 between original and result after a Gaussian blur of sigma
 * 1.5 px (what an eye sees from a distance), averaged over the photos. ImageMagick is used when
 * installed ({@code convert -version} says ImageMagick) and skipped with a message otherwise. Ends with
 * the error of adaptive palettes, median cut alone and refined by k-means. {@code --quick} keeps the rows
 * of the speed goal: Floyd–Steinberg on both cores and on one, and ImageMagick's Floyd–Steinberg.
 */
public final class DitherBench {
    /** A method of ours, by the label the table prints. */
    private record Method(String label, java.util.function.Function<Palette, Ditherer> make) { }

    public static void main(String[] args) throws Exception {
        Path samples = Path.of(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]));
        boolean quick = List.of(args).contains("--quick");
        List<BufferedImage> photos = new ArrayList<>();
        for (String n : new String[] {"astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg"}) photos.add(rgb(ImageIO.read(samples.resolve(n).toFile())));
        BufferedImage big = scale(photos.get(0), 4000, 3000);
        String magick = imageMagick();
        if (magick == null) System.out.println("ImageMagick not found (Debian package imagemagick): its rows are skipped");
        List<Method> methods = new ArrayList<>();
        for (Kernel k : Kernel.values()) {
            methods.add(new Method(k.id(), p -> new ErrorDiffusion(p, k, true, 1, ErrorDiffusion.Space.LINEAR)));
            if (quick) break;
        }
        methods.add(new Method("floyd-steinberg, 1 thread", p -> new ErrorDiffusion(p, Kernel.FLOYD_STEINBERG, true, 1, ErrorDiffusion.Space.LINEAR).sequential()));
        // --quick: the rows of the speed goal only (CIEDE2000 matching alone takes minutes)
        if (!quick) methods.addAll(others());
        System.out.printf(Locale.ROOT, "%-8s %-44s %8s %12s%n", "palette", "method", "MP/s", "blurred dE00");
        for (String pal : new String[] {"candy", "ega"}) {
            Palette palette = Palettes.named(pal);
            for (Method m : methods) {
                Ditherer d = m.make().apply(palette);
                double mps = throughput(d, big);
                double de = 0;
                for (BufferedImage p : photos) de += blurredDelta(p, image(d.apply(pixels(p), p.getWidth(), p.getHeight(), null, () -> false), p));
                System.out.printf(Locale.ROOT, "%-8s %-44s %8.1f %12.2f%n", pal, "atelier " + m.label(), mps, de / photos.size());
            }
            if (magick != null) {
                File palFile = work.resolve(pal + ".png").toFile();
                BufferedImage swatch = new BufferedImage(palette.size(), 1, BufferedImage.TYPE_INT_RGB);
                for (int i = 0; i < palette.size(); i++) swatch.setRGB(i, 0, palette.colour(i));
                ImageIO.write(swatch, "png", palFile);
                // Raw RGB in and nothing out keeps file formats out of the timing; what reading the raw
                // file costs is measured on its own and taken off.
                Path raw = work.resolve("12mp.rgb");
                writeRaw(big, raw);
                String[] in = {magick, "-size", big.getWidth() + "x" + big.getHeight(), "-depth", "8", "rgb:" + raw};
                double load = best(() -> run(concat(in, "null:")));
                for (String method : quick ? new String[] {"FloydSteinberg"} : new String[] {"FloydSteinberg", "Riemersma"}) {
                    double secs = best(() -> run(concat(in, "-dither", method, "-remap", palFile.getPath(), "null:"))) - load;
                    double de = 0;
                    File out = work.resolve("im.png").toFile();
                    for (int i = 0; i < photos.size(); i++) {
                        File inFile = work.resolve("p" + i + ".png").toFile();
                        ImageIO.write(photos.get(i), "png", inFile);
                        run(magick, inFile.getPath(), "-dither", method, "-remap", palFile.getPath(), out.getPath());
                        de += blurredDelta(photos.get(i), rgb(ImageIO.read(out)));
                    }
                    System.out.printf(Locale.ROOT, "%-8s %-44s %8.1f %12.2f%n", pal, "imagemagick " + method, 12 / secs, de / photos.size());
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nadaptive palettes (mean squared OKLab error x 1000 of the undithered mapping, over the four photos):%n");
        System.out.printf(Locale.ROOT, "%-8s %12s %16s%n", "colours", "median cut", "+ k-means");
        for (int n : new int[] {8, 16, 64}) {
            double mc = 0, km = 0;
            for (BufferedImage p : photos) {
                int[] px = pixels(p);
                mc += AdaptivePalette.meanSquaredError(px, AdaptivePalette.of(px, n, false));
                km += AdaptivePalette.meanSquaredError(px, AdaptivePalette.of(px, n, true));
            }
            System.out.printf(Locale.ROOT, "%-8d %12.3f %16.3f%n", n, 1000 * mc / photos.size(), 1000 * km / photos.size());
        }
    }

    private static List<Method> others() {
        List<Method> methods = new ArrayList<>();
        methods.add(new Method("floyd-steinberg, sRGB error", p -> new ErrorDiffusion(p, Kernel.FLOYD_STEINBERG, true, 1, ErrorDiffusion.Space.SRGB)));
        methods.add(new Method("floyd-steinberg, CIEDE2000", p -> new ErrorDiffusion(p, Kernel.FLOYD_STEINBERG, true, 1, ErrorDiffusion.Space.LINEAR, Matching.CIEDE2000)));
        methods.add(new Method("bayer8", p -> new OrderedDither(p, ThresholdMatrix.bayer(8), Matching.OKLAB)));
        methods.add(new Method("blue-noise", p -> new OrderedDither(p, ThresholdMatrix.blueNoise(64), Matching.OKLAB)));
        methods.add(new Method("riemersma", p -> new Riemersma(p, Matching.OKLAB)));
        return methods;
    }

    private interface Task { void run() throws Exception; }

    /** Best of five runs after one warm-up, in seconds (on shared 2-core machines single runs vary by 20 %). */
    private static double best(Task t) throws Exception {
        t.run();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            t.run();
            best = Math.min(best, System.nanoTime() - t0);
        }
        return best / 1e9;
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static void writeRaw(BufferedImage img, Path file) throws java.io.IOException {
        int[] px = pixels(img);
        byte[] b = new byte[px.length * 3];
        for (int i = 0; i < px.length; i++) { b[3 * i] = (byte) (px[i] >> 16); b[3 * i + 1] = (byte) (px[i] >> 8); b[3 * i + 2] = (byte) px[i]; }
        Files.write(file, b);
    }

    private static double throughput(Ditherer d, BufferedImage img) throws Exception {
        int[] px = pixels(img);
        return img.getWidth() * (double) img.getHeight() / 1e6 / best(() -> d.apply(px, img.getWidth(), img.getHeight(), null, () -> false));
    }

    /** Mean CIEDE2000 between two images after both are blurred with a Gaussian of sigma 1.5 px, in linear light. */
    public static double blurredDelta(BufferedImage a, BufferedImage b) {
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

    /** The real ImageMagick convert (not a stand-in script on PATH), or null. */
    private static String imageMagick() {
        for (String c : new String[] {"/usr/bin/convert", "convert"}) {
            try {
                Process p = new ProcessBuilder(c, "-version").redirectErrorStream(true).start();
                String s = new String(p.getInputStream().readAllBytes());
                if (p.waitFor(10, TimeUnit.SECONDS) && s.contains("Version: ImageMagick")) return c; // its own banner, not a message naming it
            } catch (Exception e) {
                // try the next
            }
        }
        return null;
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

    public static BufferedImage scale(BufferedImage in, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(in, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
