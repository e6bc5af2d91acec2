package dev.atelier.plugin.mosaic.internal;

import dev.atelier.api.ImageSource;
import dev.atelier.api.Raster;
import dev.atelier.plugin.dither.api.Colour;
import dev.atelier.plugin.dither.api.Kernel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The mosaic's figures: speed for 100 x 150 and 400 x 600 cells (8 colours x 4 rotations), and fidelity
 * (blurred CIEDE2000 against the photo) of mean-colour matching, sample-by-sample matching and the dithered
 * mode. {@code ./atelier bench-mosaic [IMAGES_DIR]} runs it; with IMAGES_DIR it also writes the pictures for
 * the docs there.
 */
public final class MosaicBench {
    static final ImageSource SRC = ImageSource.synthetic("bench", 1, 1);

    private MosaicBench() { }

    public static void main(String[] args) throws Exception {
        Path samples = Path.of(args[0]);
        Path pictures = args.length > 1 ? Path.of(args[1]) : null;
        System.out.printf(Locale.ROOT, "Mosaic benchmark, %d cores, Java %s%n%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        if (!"--views".equals(System.getProperty("mosaic.bench", ""))) {
            speed(samples);
            fidelity(samples, pictures);
        }
        views(samples, pictures);
        if (pictures != null) {
            Path photo = args.length > 2 ? Path.of(args[2]) : null;
            if (photo != null) segmentation(photo, pictures.resolve("mosaic-segmentation.jpg"));
        }
    }

    static boolean[] all() {
        boolean[] a = new boolean[Candy.count()];
        Arrays.fill(a, true);
        return a;
    }

    static MosaicEngine.Settings settings(Layout.Kind k, int candies, MosaicEngine.Matching m, boolean dither, int background) {
        return new MosaicEngine.Settings(k, candies, 12, m, dither, Kernel.FLOYD_STEINBERG, true, background, all(), null);
    }

    static void speed(Path samples) throws Exception {
        BufferedImage photo = ImageIO.read(samples.resolve("astronaut.png").toFile());
        Raster big = Raster.fromImage(scale(photo, 3000, 4500), SRC); // 13.5 MP, portrait 2:3
        System.out.println("Speed: a 3000 x 4500 photo (13.5 MP), 8 colours x 4 rotations = 32 candidates a cell, 12 x 12 samples a cell; best of 5");
        System.out.printf(Locale.ROOT, "%-42s %-13s %9s %10s %9s %9s%n", "cells", "picture", "match ms", "render ms", "total ms", "cells/s");
        for (int[] c : new int[][] {{100, 24, 0}, {100, 24, 1}, {100, 24, 2}, {100, 24, 3}, {400, 24, 0}, {400, 8, 0}}) {
            TileLibrary lib = TileLibrary.builtIn(TileRenderer.View.TOP, c[1]);
            Layout.Kind kind = c[2] == 1 ? Layout.Kind.HEX : Layout.Kind.SQUARE;
            boolean dither = c[2] == 2;
            boolean auto = c[2] == 3;
            MosaicEngine.Settings s = settings(kind, c[0], MosaicEngine.Matching.PIXELS, dither, auto ? MosaicEngine.AUTO : 0xFFFFFF);
            double best = Double.MAX_VALUE, bestRender = Double.MAX_VALUE;
            MosaicEngine.Result r = null;
            for (int i = 0; i < 6; i++) { // the first is a warm-up
                long t0 = System.nanoTime();
                r = MosaicEngine.run(big, lib, s, () -> false);
                double total = (System.nanoTime() - t0) / 1e6;
                long t1 = System.nanoTime();
                MosaicEngine.render(r.layout(), lib, r.colour(), r.tile(), r.rotation(), 0xFFFFFF);
                double render = (System.nanoTime() - t1) / 1e6;
                if (i > 0) {
                    best = Math.min(best, total);
                    bestRender = Math.min(bestRender, render);
                }
                r = null;
                System.gc();
            }
            Layout l = Layout.forImage(kind, big.width(), big.height(), c[0], c[1]);
            String what = l.cols + " x " + l.rows + " " + (kind == Layout.Kind.HEX ? "hex" : "square") + (dither ? ", dithered" : "") + (auto ? ", board auto" : "") + ", " + c[1] + " px tiles";
            System.out.printf(Locale.ROOT, "%-42s %-13s %9.0f %10.0f %9.0f %9.0f%n", what, l.width() + "x" + l.height(), best - bestRender, bestRender,
                    best, l.cells() / (best / 1000));
        }
        System.out.println();
    }

    static void fidelity(Path samples, Path pictures) throws Exception {
        System.out.println("Fidelity: mean CIEDE2000 between photo and mosaic after both are blurred (sigma 1.5 px), lower is better;");
        System.out.println("at the picture's size (24 px a candy) and seen from a distance (both reduced to 4 px, and to 1 px, a candy first).");
        System.out.println("60 candies on the short edge, built-in top-view tiles; mean over the 4 sample photos.");
        System.out.printf(Locale.ROOT, "%-8s %-6s %-44s %10s %10s %10s%n", "board", "layout", "matching", "dE00 24px", "dE00 4px", "dE00 1px");
        List<BufferedImage> photos = new ArrayList<>();
        List<String> names = new ArrayList<>();
        samples(samples, photos, names);
        TileLibrary lib = TileLibrary.builtIn(TileRenderer.View.TOP, 24);
        java.util.Map<String, BufferedImage> panels = new java.util.HashMap<>();
        String[][] methods = {{"mean", "mean colour against the candies' colours"}, {"pixels", "sample by sample, 4 rotations (default)"},
            {"dither", "sample by sample, dithered (Floyd-Steinberg)"}};
        for (int board : new int[] {0xFFFFFF, 0x202020, MosaicEngine.AUTO}) {
            for (Layout.Kind kind : Layout.Kind.values()) {
                for (String[] m : methods) {
                    double full = 0, far = 0, farther = 0;
                    for (int i = 0; i < photos.size(); i++) {
                        Raster in = Raster.fromImage(photos.get(i), SRC);
                        MosaicEngine.Settings s = settings(kind, 60, m[0].equals("mean") ? MosaicEngine.Matching.MEAN : MosaicEngine.Matching.PIXELS,
                                m[0].equals("dither"), board);
                        MosaicEngine.Result r = MosaicEngine.run(in, lib, s, () -> false);
                        BufferedImage mosaic = new Raster(r.layout().width(), r.layout().height(), r.rgb(), SRC).toImage();
                        double[] d = distances(photos.get(i), mosaic);
                        full += d[0];
                        far += d[1];
                        farther += d[2];
                        if (pictures != null && names.get(i).equals("astronaut") && kind == Layout.Kind.HEX && board == MosaicEngine.AUTO) {
                            panels.put(m[0], mosaic);
                            panels.put("photo", photos.get(i));
                        }
                    }
                    System.out.printf(Locale.ROOT, "%-8s %-6s %-44s %10.2f %10.2f %10.2f%n", board == 0xFFFFFF ? "white" : board == MosaicEngine.AUTO ? "auto" : "dark", kind == Layout.Kind.HEX ? "hex" : "square",
                            m[1], full / photos.size(), far / photos.size(), farther / photos.size());
                }
            }
        }
        if (pictures != null) comparison(panels, pictures.resolve("mosaic-compare.jpg"));
    }

    /**
     * Square, hexagonal and side-on candies (half a pitch thick, in rows and bricked): blurred CIEDE2000 against
     * the photo at the same 60 candies across the short edge, board auto, sample-by-sample matching, and a picture.
     */
    static void views(Path samples, Path pictures) throws Exception {
        System.out.println();
        System.out.println("Views: the same 60 candies a row across the short edge; side-on candies 5 mm thick at a 10 mm pitch, so twice the rows.");
        System.out.println("Mean CIEDE2000 after blurring (sigma 1.5 px), at 24 px a candy's width and reduced to 4 px and 1 px a candy; mean over the samples.");
        System.out.printf(Locale.ROOT, "%-26s %9s %10s %10s %10s%n", "view", "candies", "dE00 24px", "dE00 4px", "dE00 1px");
        List<BufferedImage> photos = new ArrayList<>();
        List<String> names = new ArrayList<>();
        samples(samples, photos, names);
        TileLibrary top = TileLibrary.builtIn(TileRenderer.View.TOP, 24), side = TileLibrary.builtIn(TileRenderer.View.SIDE, 24);
        Object[][] views = {{"top, square", Layout.Kind.SQUARE, 1.0}, {"top, hexagonal", Layout.Kind.HEX, 1.0},
            {"side, rows", Layout.Kind.SQUARE, 0.5}, {"side, bricked", Layout.Kind.HEX, 0.5}};
        java.util.Map<String, BufferedImage> panels = new java.util.LinkedHashMap<>();
        for (Object[] v : views) {
            double full = 0, far = 0, farther = 0;
            long candies = 0;
            for (int i = 0; i < photos.size(); i++) {
                Raster in = Raster.fromImage(photos.get(i), SRC);
                double band = (Double) v[2];
                MosaicEngine.Settings s = settings((Layout.Kind) v[1], 60, MosaicEngine.Matching.PIXELS, false, MosaicEngine.AUTO).withBand(band);
                MosaicEngine.Result r = MosaicEngine.run(in, band < 1 ? side : top, s, () -> false);
                BufferedImage mosaic = new Raster(r.layout().width(), r.layout().height(), r.rgb(), SRC).toImage();
                double[] d = distances(photos.get(i), mosaic);
                full += d[0];
                far += d[1];
                farther += d[2];
                candies += r.layout().cells();
                if (names.get(i).equals("chelsea")) {
                    panels.putIfAbsent("photo", photos.get(i));
                    panels.put((String) v[0], mosaic);
                }
            }
            System.out.printf(Locale.ROOT, "%-26s %9d %10.2f %10.2f %10.2f%n", v[0], candies / photos.size(), full / photos.size(), far / photos.size(),
                    farther / photos.size());
        }
        if (pictures != null && panels.size() == 5) {
            int w = 300, h = (int) Math.round(300.0 * panels.get("photo").getHeight() / panels.get("photo").getWidth());
            BufferedImage out = new BufferedImage(5 * w + 40, h, BufferedImage.TYPE_INT_RGB);
            var g = out.createGraphics();
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), h);
            int k = 0;
            for (BufferedImage b : panels.values()) g.drawImage(reduce(b, w, h), k++ * (w + 10), 0, null);
            g.dispose();
            writeJpeg(out, pictures.resolve("mosaic-views.jpg"), 0.88f);
        }
    }

    /** The sample photos (PNG and JPEG, by name) and their names without the extension. */
    static void samples(Path folder, List<BufferedImage> photos, List<String> names) throws Exception {
        try (var s = Files.list(folder)) {
            for (Path p : s.filter(f -> f.toString().matches(".*\\.(png|jpg)")).sorted().toList()) {
                photos.add(ImageIO.read(p.toFile()));
                names.add(p.getFileName().toString().replaceFirst("\\.[a-z]+$", ""));
            }
        }
    }

    /** Blurred CIEDE2000 of the mosaic against its photo at 24 px a candy, and reduced to 4 px and 1 px a candy. */
    static double[] distances(BufferedImage photo, BufferedImage mosaic) {
        BufferedImage ref = scale(photo, mosaic.getWidth(), mosaic.getHeight());
        int fw = Math.max(1, mosaic.getWidth() / 6), fh = Math.max(1, mosaic.getHeight() / 6);
        int gw = Math.max(1, mosaic.getWidth() / 24), gh = Math.max(1, mosaic.getHeight() / 24);
        return new double[] {blurredDelta(ref, mosaic), blurredDelta(reduce(ref, fw, fh), reduce(mosaic, fw, fh)),
            blurredDelta(reduce(ref, gw, gh), reduce(mosaic, gw, gh))};
    }

    /** Side by side, 360 px wide each: the photo, mean-colour matching, sample-by-sample matching, dithered. */
    static void comparison(java.util.Map<String, BufferedImage> panels, Path file) throws Exception {
        String[] order = {"photo", "mean", "pixels", "dither"};
        int w = 360, h = (int) Math.round(360.0 * panels.get("pixels").getHeight() / panels.get("pixels").getWidth());
        BufferedImage out = new BufferedImage(4 * w + 30, h, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), h);
        for (int k = 0; k < order.length; k++) g.drawImage(reduce(panels.get(order[k]), w, h), k * (w + 10), 0, null);
        g.dispose();
        writeJpeg(out, file, 0.88f);
    }

    /** The candy photo with each candy found outlined in its label's colour, and the tiles cut from it below. */
    static void segmentation(Path photoFile, Path file) throws Exception {
        BufferedImage photo = ImageIO.read(photoFile.toFile());
        Segmenter.Result r = Segmenter.find(photo);
        int w = photo.getWidth(), h = photo.getHeight(), tile = 40, perRow = w / tile;
        int rows = (r.candies().size() + perRow - 1) / perRow;
        BufferedImage out = new BufferedImage(w, h + 10 + rows * tile, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(photo, 0, 0, null);
        int[] labels = r.labels().data;
        for (Segmenter.Found f : r.candies()) {
            int c = 0xFF000000 | (f.colour() == Candy.index("white") ? 0x000000 : Candy.rgb(f.colour()));
            for (int y = Math.max(1, f.y0()); y < Math.min(h - 1, f.y1()); y++) for (int x = Math.max(1, f.x0()); x < Math.min(w - 1, f.x1()); x++) {
                int i = y * w + x;
                if (labels[i] == f.label() && (labels[i - 1] != f.label() || labels[i + 1] != f.label() || labels[i - w] != f.label() || labels[i + w] != f.label())) {
                    out.setRGB(x, y, c);
                }
            }
        }
        for (int k = 0; k < r.candies().size(); k++) {
            g.drawImage(Segmenter.tile(photo, r, r.candies().get(k), tile), (k % perRow) * tile, h + 10 + (k / perRow) * tile, null);
        }
        g.dispose();
        writeJpeg(out, file, 0.88f);
    }

    static void writeJpeg(BufferedImage img, Path file, float quality) throws Exception {
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        try (var o = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(o);
            writer.write(null, new javax.imageio.IIOImage(img, null, null), param);
        }
        writer.dispose();
    }

    /** Area average when making smaller; the dither benchmark's bilinear scaling when making larger. */
    static BufferedImage scale(BufferedImage in, int w, int h) {
        if (w <= in.getWidth() && h <= in.getHeight()) return reduce(in, w, h);
        return dev.atelier.plugin.dither.bench.DitherBench.scale(in, w, h);
    }

    /** Area-average reduction in linear light. */
    static BufferedImage reduce(BufferedImage in, int w, int h) {
        int sw = in.getWidth(), sh = in.getHeight();
        int[] px = in.getRGB(0, 0, sw, sh, null, 0, sw);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        double fx = sw / (double) w, fy = sh / (double) h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double ya = y * fy, yb = (y + 1) * fy, xa = x * fx, xb = (x + 1) * fx, r = 0, g = 0, b = 0, ws = 0;
                for (int yy = (int) ya; yy < yb && yy < sh; yy++) {
                    double wy = Math.min(yb, yy + 1) - Math.max(ya, yy);
                    for (int xx = (int) xa; xx < xb && xx < sw; xx++) {
                        double wgt = wy * (Math.min(xb, xx + 1) - Math.max(xa, xx));
                        int p = px[yy * sw + xx];
                        r += wgt * Colour.linear(p >> 16);
                        g += wgt * Colour.linear(p >> 8);
                        b += wgt * Colour.linear(p);
                        ws += wgt;
                    }
                }
                out.setRGB(x, y, Colour.srgb(r / ws) << 16 | Colour.srgb(g / ws) << 8 | Colour.srgb(b / ws));
            }
        }
        return out;
    }

    /** Mean CIEDE2000 after a Gaussian blur of sigma 1.5 px in linear light: the dither benchmark's own measure. */
    static double blurredDelta(BufferedImage a, BufferedImage b) {
        return dev.atelier.plugin.dither.bench.DitherBench.blurredDelta(a, b);
    }
}
