package dev.atelier.plugin.linify.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import javax.imageio.ImageIO;

/**
 * Figures for docs/linify.md: {@code ./atelier bench-linify [OUT_DIR]}. For each photo in the samples folder,
 * each style (rows, spiral) and wave (sine, square, triangle): the perceptual score (SSIM of lightness seen
 * from a distance, {@link Perceptual}) at the seed's fixed gamma 1.5 and with gamma auto, and with local
 * contrast (CLAHE) for rows of sine; then SPI against golden-section search, and the time to linify a 12 MP
 * photo with gamma auto (downsampling included, decoding not). Writes {@code linify-sheet.jpg} (photo, gamma
 * 1.5, auto for each wave, spiral) and the SPI plot of one photo into OUT_DIR.
 */
public final class LinifyBench {
    static final String[] WAVES = {"sine", "square", "triangle"};

    record Run(double ssimDefault, double ssimAuto, double gamma, int evaluations, boolean atBound, double[][] xy, LinePath.Layout layout,
               Spi.Result result) { }

    static Run run(int[] px, int width, int height, String wave, boolean spiral, boolean local) {
        int cols = width >= height ? 64 : (int) Math.round(64.0 * width / height), rows = width >= height ? (int) Math.round(64.0 * height / width) : 64;
        double scale = Math.min(150.0 / cols, 100.0 / rows);
        LinePath.Layout l = new LinePath.Layout(cols, rows, cols * scale, rows * scale, Wave.of(wave), 2, 2, 12, true, 0);
        Tone tone = Tone.of(px, width, height, cols, rows, LinifyFilter.JUDGE_SCALE, local);
        Spi.Result r = LinifyFilter.tune(tone, l, spiral, 0.5, null);
        double[][] xy = LinifyFilter.path(tone.darkness(r.x()), l, spiral);
        return new Run(1 - r.evaluated().get(0).fx(), 1 - r.fx(), r.x(), r.evaluations(), r.stoppedAtBound(), xy, l, r);
    }

    public static void main(String[] args) throws Exception {
        Path samples = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "."));
        List<Path> photos;
        try (var files = Files.list(samples)) {
            photos = files.filter(f -> f.toString().matches("(?i).*\\.(png|jpe?g)$")).sorted().toList();
        }
        System.out.println("SSIM of lightness, the drawing against its photo, both blurred by one cell (1 = the same); gamma 1.5 -> auto (gamma, evaluations)");
        System.out.printf(Locale.ROOT, "%-14s %-7s %-9s %8s %8s %7s %6s %s%n", "photo", "style", "wave", "SSIM 1.5", "SSIM auto", "gamma", "evals", "");
        int tile = 260, th = 190;
        BufferedImage sheet = new BufferedImage(6 * tile, photos.size() * (th + 20) + 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D sg = sheet.createGraphics();
        sg.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        sg.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        sg.setColor(Color.WHITE);
        sg.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        sg.setColor(Color.BLACK);
        String[] heads = {"photo", "rows, sine, gamma 1.5", "rows, sine, auto", "rows, square, auto", "rows, triangle, auto", "spiral, sine, auto"};
        for (int k = 0; k < heads.length; k++) sg.drawString(heads[k], k * tile + 6, 14);
        int row = 0, worse = 0;
        for (Path file : photos) {
            BufferedImage photo = ImageIO.read(file.toFile());
            int w = photo.getWidth(), h = photo.getHeight();
            int[] px = photo.getRGB(0, 0, w, h, null, 0, w);
            String name = file.getFileName().toString();
            int y0 = 20 + row * (th + 20);
            double fit = Math.min((tile - 10.0) / w, (double) th / h);
            sg.drawImage(photo.getScaledInstance((int) Math.round(w * fit), (int) Math.round(h * fit), java.awt.Image.SCALE_AREA_AVERAGING), 5, y0, null);
            int col = 1;
            for (boolean spiral : new boolean[] {false, true}) {
                for (String wave : WAVES) {
                    Run r = run(px, w, h, wave, spiral, false);
                    if (r.ssimAuto() < r.ssimDefault()) worse++;
                    System.out.printf(Locale.ROOT, "%-14s %-7s %-9s %8.3f %8.3f %7.3f %6d %s%n", name, spiral ? "spiral" : "rows", wave, r.ssimDefault(),
                            r.ssimAuto(), r.gamma(), r.evaluations(), r.atBound() ? "at the range's edge" : "");
                    if (!spiral) {
                        if (wave.equals("sine")) {
                            draw(sg, LinifyFilter.path(gammaPath(px, w, h, r.layout()), r.layout(), false), r.layout(), col++ * tile + 5, y0, tile - 10, th);
                        }
                        draw(sg, r.xy(), r.layout(), col++ * tile + 5, y0, tile - 10, th);
                    } else if (wave.equals("sine")) {
                        draw(sg, r.xy(), r.layout(), col++ * tile + 5, y0, tile - 10, th);
                    }
                    if (name.startsWith("chelsea") && !spiral && wave.equals("sine")) {
                        ImageIO.write(TracePlot.render(LinifyFilter.trace(r.result()), "chelsea"), "png", out.resolve("linify-spi-trace.png").toFile());
                    }
                }
            }
            Run local = run(px, w, h, "sine", false, true);
            System.out.printf(Locale.ROOT, "%-14s %-7s %-9s %8.3f %8.3f %7.3f %6d %s%n", name, "rows", "sine, local contrast", local.ssimDefault(), local.ssimAuto(),
                    local.gamma(), local.evaluations(), local.atBound() ? "at the range's edge" : "");
            row++;
        }
        sg.dispose();
        // JPEG: the sheet's fine line texture makes a 1.5 MB PNG; at quality 0.9 it is a quarter of that and looks the same
        javax.imageio.ImageWriter jpeg = ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.ImageWriteParam q = jpeg.getDefaultWriteParam();
        q.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        q.setCompressionQuality(0.9f);
        Files.deleteIfExists(out.resolve("linify-sheet.jpg"));
        try (var stream = ImageIO.createImageOutputStream(out.resolve("linify-sheet.jpg").toFile())) {
            jpeg.setOutput(stream);
            jpeg.write(null, new javax.imageio.IIOImage(sheet, null, null), q);
        }
        jpeg.dispose();
        System.out.printf(Locale.ROOT, "gamma auto below gamma 1.5 by this score: %d of %d runs%n", worse, photos.size() * 6);
        System.out.printf(Locale.ROOT, "%nSPI against golden section on the same objective (rows, sine), evaluations to a tolerance of 0.001:%n");
        System.out.printf(Locale.ROOT, "%-14s %10s %10s %8s%n", "photo", "3 starts", "1 start", "golden");
        for (Path file : photos) {
            BufferedImage photo = ImageIO.read(file.toFile());
            int[] px = photo.getRGB(0, 0, photo.getWidth(), photo.getHeight(), null, 0, photo.getWidth());
            int cols = 64, rows = (int) Math.round(64.0 * photo.getHeight() / photo.getWidth());
            double scale = Math.min(150.0 / cols, 100.0 / rows);
            LinePath.Layout l = new LinePath.Layout(cols, rows, cols * scale, rows * scale, Wave.SINE, 2, 2, 12, true, 0);
            Tone tone = Tone.of(px, photo.getWidth(), photo.getHeight(), cols, rows, LinifyFilter.JUDGE_SCALE);
            DoubleUnaryOperator f = g -> LinifyFilter.judge(tone, l, LinePath.build(tone.darkness(g), l), 0.5);
            Spi.Result three = Spi.minimize(f, 0.5, 2.5, 0.2, 5, 1e-3, 3, 42, 25);
            Spi.Result single = Spi.minimize(f, 0.5, 2.5, 0.2, 5, 1e-3, 1, 42, 25);
            double[] golden = Spi.golden(f, 0.5, 2.5, 1e-3);
            System.out.printf(Locale.ROOT, "%-14s %10d %10d %8d%n", file.getFileName(), three.evaluations(), single.evaluations(), (int) golden[1]);
        }
        BufferedImage photo = ImageIO.read(samples.resolve("astronaut.png").toFile());
        BufferedImage big = new BufferedImage(4000, 3000, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = big.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(photo, 0, 0, 4000, 3000, null);
        g.dispose();
        int[] px = big.getRGB(0, 0, 4000, 3000, null, 0, 4000);
        long best = Long.MAX_VALUE;
        int evaluations = 0;
        for (int run = 0; run < 4; run++) {
            long t0 = System.nanoTime();
            Tone tone = Tone.of(px, 4000, 3000, 64, 48, LinifyFilter.JUDGE_SCALE);
            LinePath.Layout l = new LinePath.Layout(64, 48, 128, 96, Wave.SINE, 2, 2, 12, true, 0);
            Spi.Result r = LinifyFilter.tune(tone, l, 0.5, null);
            LinePath.build(tone.darkness(r.x()), l);
            if (run > 0) best = Math.min(best, System.nanoTime() - t0);
            evaluations = r.evaluations();
        }
        System.out.printf(Locale.ROOT, "%n12 MP photo (4000 x 3000), 64 x 48 cells, gamma auto: %.0f ms (best of 3 after a warm-up), %d evaluations%n",
                best / 1e6, evaluations);
    }

    /** The rows-of-sine path at the fixed gamma 1.5, for the sheet's comparison column. */
    private static double[] gammaPath(int[] px, int w, int h, LinePath.Layout l) {
        return Tone.of(px, w, h, l.cols(), l.rows(), LinifyFilter.JUDGE_SCALE).darkness(LinifyFilter.DEFAULT_GAMMA);
    }

    /**
     * The path as a 0.5 mm black line on white, drawn at 4 px/mm (as the file output's preview) and shrunk by area
     * averaging into a box {@code width} x {@code height} pixels (drawing a line thinner than a pixel straight
     * into the small box would alias into stripes).
     */
    private static void draw(Graphics2D g, double[][] xy, LinePath.Layout l, int x0, int y0, int width, int height) {
        double s = 4;
        BufferedImage full = new BufferedImage((int) Math.ceil(l.widthMm() * s), (int) Math.ceil(l.heightMm() * s), BufferedImage.TYPE_INT_RGB);
        Graphics2D fg = full.createGraphics();
        fg.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        fg.setColor(Color.WHITE);
        fg.fillRect(0, 0, full.getWidth(), full.getHeight());
        java.awt.geom.Path2D.Double p = new java.awt.geom.Path2D.Double();
        for (int i = 0; i < xy[0].length; i++) {
            double x = xy[0][i] * s, y = (l.heightMm() - xy[1][i]) * s;
            if (i == 0) p.moveTo(x, y); else p.lineTo(x, y);
        }
        fg.setStroke(new java.awt.BasicStroke((float) (0.5 * s), java.awt.BasicStroke.CAP_ROUND, java.awt.BasicStroke.JOIN_ROUND));
        fg.setColor(Color.BLACK);
        fg.draw(p);
        fg.dispose();
        double fit = Math.min((double) width / full.getWidth(), (double) height / full.getHeight());
        int w = (int) Math.round(full.getWidth() * fit), h = (int) Math.round(full.getHeight() * fit);
        g.drawImage(full.getScaledInstance(w, h, java.awt.Image.SCALE_AREA_AVERAGING), x0, y0, null);
        g.setColor(new Color(200, 200, 200));
        g.drawRect(x0, y0, w, h);
    }
}
