package dev.atelier.plugin.deblock.internal;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * The evaluation table: held-out photos encoded with libjpeg's tables at qualities 10, 20 and 30, then
 * RGB PSNR, SSIM and PSNR-B of plain decoding and of jpegqs (Debian package jpegqs, skipped with a message
 * when missing). {@code ./atelier deblock-eval [FOLDER...]}: the bundled PNG samples, and the PNGs in each
 * folder given (for instance the corpus's held-out set).
 */
public final class DeblockEval {
    private DeblockEval() { }

    public static void main(String[] args) throws Exception {
        List<Path> photos = new ArrayList<>();
        for (String a : args) {
            try (var s = Files.list(Path.of(a))) {
                for (Path p : s.filter(f -> f.toString().toLowerCase(Locale.ROOT).endsWith(".png")).sorted().toList()) {
                    // the same photo in two folders (the samples and the corpus's held-out set) counts once
                    if (photos.stream().noneMatch(q -> q.getFileName().equals(p.getFileName()))) photos.add(p);
                }
            }
        }
        if (photos.isEmpty()) throw new IllegalArgumentException("no PNG photos in " + String.join(", ", args));
        boolean qs = MeasuresTest.onPath("jpegqs");
        System.out.printf(Locale.ROOT, "Held-out photos: %d (%s)%n", photos.size(), String.join(", ", photos.stream().map(p -> p.getFileName().toString()).toList()));
        System.out.println("JPEG: libjpeg baseline tables, 4:2:0 (as cjpeg -baseline -quality q). Means over the photos.");
        if (!qs) System.out.println("jpegqs is not installed (apt-get install jpegqs): its rows are left out.");
        System.out.printf(Locale.ROOT, "%-4s %-22s %9s %8s %9s %10s%n", "q", "method", "PSNR dB", "SSIM", "PSNR-B", "gain dB");
        Path tmp = Files.createTempDirectory("deblock-eval");
        for (int q : new int[] {10, 20, 30}) {
            double[] plain = new double[3], smooth = new double[3];
            for (Path p : photos) {
                BufferedImage img = ImageIO.read(p.toFile());
                byte[] jpeg = Jpeg.encode(img, q);
                add(plain, img, Jpeg.decode(jpeg));
                if (qs) {
                    Path in = tmp.resolve("in.jpg"), out = tmp.resolve("out.jpg");
                    Files.write(in, jpeg);
                    Process pr = new ProcessBuilder("jpegqs", "-q", "6", "-i", "0", in.toString(), out.toString()).redirectErrorStream(true).start();
                    pr.getInputStream().readAllBytes();
                    if (!pr.waitFor(120, TimeUnit.SECONDS) || pr.exitValue() != 0) throw new IllegalStateException("jpegqs failed on " + p);
                    add(smooth, img, ImageIO.read(out.toFile()));
                }
            }
            int n = photos.size();
            System.out.printf(Locale.ROOT, "%-4d %-22s %9.2f %8.4f %9.2f %10s%n", q, "JPEG", plain[0] / n, plain[1] / n, plain[2] / n, "");
            if (qs) {
                System.out.printf(Locale.ROOT, "%-4d %-22s %9.2f %8.4f %9.2f %+10.2f%n", q, "jpegqs -q 6", smooth[0] / n, smooth[1] / n, smooth[2] / n,
                        (smooth[0] - plain[0]) / n);
            }
        }
    }

    private static void add(double[] acc, BufferedImage original, BufferedImage decoded) {
        acc[0] += ImageQuality.psnr(original, decoded);
        acc[1] += ImageQuality.ssim(original, decoded);
        acc[2] += ImageQuality.psnrB(original, decoded);
    }
}
