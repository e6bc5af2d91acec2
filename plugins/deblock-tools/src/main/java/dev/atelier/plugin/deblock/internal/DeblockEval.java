package dev.atelier.plugin.deblock.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
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
 * when missing), and of a network given with {@code --model FILE}, with its seconds per megapixel.
 * {@code ./atelier deblock-eval [--model FILE] [FOLDER...]}: the PNGs in each folder given (by default the
 * bundled samples and the corpus's held-out set). With {@code --crops FILE} it writes the before/after picture instead.
 */
public final class DeblockEval {
    private DeblockEval() { }

    public static void main(String[] args) throws Exception {
        List<Path> photos = new ArrayList<>();
        Network net = null;
        String netName = null;
        List<String> folders = new ArrayList<>();
        Path crops = null;
        int[] qualities = {10, 20, 30};
        boolean project = false;
        int ensemble = 1;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--project")) {
                project = true;
            } else if (args[i].equals("--ensemble")) {
                ensemble = Integer.parseInt(args[++i]);
                if (!SelfEnsemble.allowed(ensemble)) throw new IllegalArgumentException("--ensemble is 1, 2, 4 or 8, not " + ensemble);
            } else if (args[i].equals("--qualities")) {
                qualities = java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
            } else if (args[i].equals("--crops")) {
                crops = Path.of(args[++i]);
            } else if (args[i].equals("--model")) {
                Path model = Path.of(args[++i]);
                try (var in = Files.newInputStream(model)) {
                    net = Network.read(in, model.toString());
                }
                netName = model.getFileName().toString();
            } else {
                folders.add(args[i]);
            }
        }
        for (String a : folders) {
            try (var s = Files.list(Path.of(a))) {
                for (Path p : s.filter(f -> f.toString().toLowerCase(Locale.ROOT).endsWith(".png")).sorted().toList()) {
                    // the same photo in two folders (the samples and the corpus's held-out set) counts once
                    if (photos.stream().noneMatch(q -> q.getFileName().equals(p.getFileName()))) photos.add(p);
                }
            }
        }
        if (crops != null) {
            if (net == null) throw new IllegalArgumentException("--crops needs --model FILE: the network whose output to show");
            DeblockCrops.write(net, Path.of(System.getProperty("atelier.samples", "runtime/samples")), crops);
            return;
        }
        if (photos.isEmpty()) throw new IllegalArgumentException("no PNG photos in " + String.join(", ", args));
        boolean qs = Tools.onPath("jpegqs");
        System.out.printf(Locale.ROOT, "Held-out photos: %d (%s)%n", photos.size(), String.join(", ", photos.stream().map(p -> p.getFileName().toString()).toList()));
        System.out.println("JPEG: libjpeg baseline tables, 4:2:0 (as cjpeg -baseline -quality q). Means over the photos.");
        if (!qs) System.out.println("jpegqs is not installed (apt-get install jpegqs): its rows are left out.");
        System.out.printf(Locale.ROOT, "%-4s %-22s %9s %8s %9s %10s%n", "q", "method", "PSNR dB", "SSIM", "PSNR-B", "gain dB");
        Path tmp = Files.createTempDirectory("deblock-eval");
        for (int q : qualities) {
            double[] plain = new double[3], smooth = new double[3], deblocked = new double[3], projected = new double[3];
            double netSeconds = 0, megapixels = 0;
            for (Path p : photos) {
                BufferedImage img = ImageIO.read(p.toFile());
                byte[] jpeg = Jpeg.encode(img, q);
                BufferedImage decoded = Jpeg.decode(jpeg);
                add(plain, img, decoded);
                if (net != null) {
                    int w = decoded.getWidth(), h = decoded.getHeight();
                    int[] rgb = decoded.getRGB(0, 0, w, h, null, 0, w);
                    long t0 = System.nanoTime();
                    float quant = Network.quantInput(Jpeg.header(jpeg).tables()[0][0]);
                    Network n2 = net;
                    int[] out = Tiler.run(rgb, w, h, 256, 16, n2.workers(), SelfEnsemble.of((px, hh, ww) -> n2.correction(px, hh, ww, quant), ensemble));
                    netSeconds += (System.nanoTime() - t0) / 1e9;
                    megapixels += w * h / 1e6;
                    BufferedImage result = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                    result.setRGB(0, 0, w, h, out, 0, w);
                    add(deblocked, img, result);
                    if (project) {
                        int[] p2 = Projection.project(rgb, out, w, h, Jpeg.header(jpeg).tables()[0]);
                        BufferedImage r2 = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                        r2.setRGB(0, 0, w, h, p2, 0, w);
                        add(projected, img, r2);
                    }
                }
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
            if (net != null) {
                System.out.printf(Locale.ROOT, "%-4d %-22s %9.2f %8.4f %9.2f %+10.2f   %.1f s/MP%n", q, ensemble == 1 ? netName : netName + " x" + ensemble, deblocked[0] / n, deblocked[1] / n,
                        deblocked[2] / n, (deblocked[0] - plain[0]) / n, netSeconds / megapixels);
                if (project) {
                    System.out.printf(Locale.ROOT, "%-4d %-22s %9.2f %8.4f %9.2f %+10.2f%n", q, "  + luma projection", projected[0] / n, projected[1] / n,
                            projected[2] / n, (projected[0] - plain[0]) / n);
                }
            }
        }
        if (net != null) greyRows(photos, qualities, net);
    }

    /**
     * The grey row: each photo's luma as a 1-component JPEG (as cjpeg -grayscale makes), deblocked as the filter
     * does a grey JPEG (the network fed R = G = B, the channels averaged), scored on grey PSNR.
     */
    static void greyRows(List<Path> photos, int[] qualities, Network net) throws IOException {
        System.out.println();
        System.out.println("Grey: the photos' luma as 1-component JPEGs (libjpeg's luma table), grey PSNR. Means over the photos.");
        System.out.printf(Locale.ROOT, "%-4s %12s %12s %10s%n", "q", "JPEG dB", "network dB", "gain dB");
        for (int q : qualities) {
            double plain = 0, deblocked = 0;
            for (Path p : photos) {
                BufferedImage luma = Jpeg.luma(ImageIO.read(p.toFile()));
                byte[] jpeg = Jpeg.encodeGrey(luma, q);
                BufferedImage decoded = Jpeg.decode(jpeg);
                int w = decoded.getWidth(), h = decoded.getHeight();
                int[] rgb = new int[w * h], grey = new int[w * h];
                decoded.getRaster().getSamples(0, 0, w, h, 0, grey);
                for (int i = 0; i < rgb.length; i++) rgb[i] = grey[i] * 0x010101;
                plain += greyPsnr(luma, grey);
                float quant = Network.quantInput(Jpeg.header(jpeg).tables()[0][0]);
                int[] out = Tiler.run(rgb, w, h, 256, 16, net.workers(), SelfEnsemble.of((px, hh, ww) -> net.correction(px, hh, ww, quant), 1));
                Grey.average(out);
                for (int i = 0; i < out.length; i++) grey[i] = out[i] & 0xFF;
                deblocked += greyPsnr(luma, grey);
            }
            int n = photos.size();
            System.out.printf(Locale.ROOT, "%-4d %12.2f %12.2f %+10.2f%n", q, plain / n, deblocked / n, (deblocked - plain) / n);
        }
    }

    private static double greyPsnr(BufferedImage original, int[] grey) {
        int w = original.getWidth();
        double se = 0;
        for (int i = 0; i < grey.length; i++) {
            double d = original.getRaster().getSample(i % w, i / w, 0) - grey[i];
            se += d * d;
        }
        return 10 * Math.log10(255.0 * 255.0 / (se / grey.length));
    }

    private static void add(double[] acc, BufferedImage original, BufferedImage decoded) {
        acc[0] += ImageQuality.psnr(original, decoded);
        acc[1] += ImageQuality.ssim(original, decoded);
        acc[2] += ImageQuality.psnrB(original, decoded);
    }
}
