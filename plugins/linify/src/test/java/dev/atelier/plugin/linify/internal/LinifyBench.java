package dev.atelier.plugin.linify.internal;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import javax.imageio.ImageIO;

/**
 * Figures for docs/linify.md: {@code ./atelier bench-linify [OUT_DIR]}. For each bundled photo:
 * path length, points, SPI evaluations, the blurred error at gamma 1.5 and at the tuned gamma, and SPI
 * (one starting set, and three) against golden-section search over the same starting range [0.5, 2.5] to the
 * same tolerance; then the time to linify a 12 MP photo with
 * gamma auto (downsampling included, decoding not). Writes a plot of one SPI trace as PNG.
 */
public final class LinifyBench {
    public static void main(String[] args) throws Exception {
        Path samples = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "."));
        System.out.printf(Locale.ROOT, "%-14s %6s %9s %7s %8s %8s %8s %10s %10s %8s%n", "photo", "cells", "path mm", "points", "gamma",
                "err 1.5", "err auto", "SPI evals", "1-start", "golden");
        for (String name : new String[] {"astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg"}) {
            BufferedImage photo = ImageIO.read(samples.resolve(name).toFile());
            int[] px = photo.getRGB(0, 0, photo.getWidth(), photo.getHeight(), null, 0, photo.getWidth());
            int cols = 64, rows = (int) Math.round(64.0 * photo.getHeight() / photo.getWidth());
            double scale = Math.min(150.0 / cols, 100.0 / rows);
            LinePath.Layout l = new LinePath.Layout(cols, rows, cols * scale, rows * scale, Wave.SINE, 2, 2, 12, true, 0);
            Tone tone = Tone.of(px, photo.getWidth(), photo.getHeight(), cols, rows, LinifyFilter.JUDGE_SCALE);
            int[] count = {0};
            DoubleUnaryOperator f = g -> {
                count[0]++;
                return LinifyFilter.judge(tone, l, LinePath.build(tone.darkness(g), l), 0.5);
            };
            Spi.Result r = Spi.minimize(f, 0.5, 2.5, 0.2, 5, 1e-3, 3, 42, 25);
            Spi.Result single = Spi.minimize(f, 0.5, 2.5, 0.2, 5, 1e-3, 1, 42, 25);
            double[] golden = Spi.golden(f, 0.5, 2.5, 1e-3);
            double[][] xy = LinePath.build(tone.darkness(r.x()), l);
            System.out.printf(Locale.ROOT, "%-14s %6s %9.0f %7d %8.3f %8.4f %8.4f %10d %10d %8d%n", name, cols + "x" + rows, LinePath.length(xy), xy[0].length,
                    r.x(), f.applyAsDouble(1.5), r.fx(), r.evaluations(), single.evaluations(), (int) golden[1]);
            if (name.equals("chelsea.png")) {
                ImageIO.write(TracePlot.render(LinifyFilter.trace(r), "chelsea"), "png", out.resolve("linify-spi-trace.png").toFile());
            }
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
}
