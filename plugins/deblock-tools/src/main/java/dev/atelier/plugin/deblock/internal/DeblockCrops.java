package dev.atelier.plugin.deblock.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * The before/after picture of docs/deblock.md: three crops of bundled photos saved at quality 10 (hair,
 * the edges of a spoon and cup, sky around a rocket's nose), each shown as the original, plain JPEG,
 * jpegqs -q 6 and the network, magnified 3x without smoothing. {@code ./atelier deblock-eval --crops FILE}.
 */
final class DeblockCrops {
    private record Crop(String photo, int x, int y) { }

    private static final Crop[] CROPS = {new Crop("astronaut.png", 180, 40), new Crop("coffee.png", 300, 230), new Crop("rocket.jpg", 260, 100)};
    private static final int SIZE = 96, ZOOM = 3, GAP = 6, QUALITY = 10;

    private DeblockCrops() { }

    static void write(Network net, Path samples, Path file) throws Exception {
        boolean qs = Tools.onPath("jpegqs");
        int columns = qs ? 4 : 3, cell = SIZE * ZOOM;
        BufferedImage sheet = new BufferedImage(columns * cell + (columns - 1) * GAP, CROPS.length * cell + (CROPS.length - 1) * GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        Path tmp = Files.createTempDirectory("deblock-crops");
        for (int r = 0; r < CROPS.length; r++) {
            Crop c = CROPS[r];
            BufferedImage original = rgb(ImageIO.read(samples.resolve(c.photo()).toFile()));
            byte[] jpeg = Jpeg.encode(original, QUALITY);
            BufferedImage decoded = Jpeg.decode(jpeg);
            int w = decoded.getWidth(), h = decoded.getHeight();
            float quant = Network.quantInput(Jpeg.header(jpeg).tables()[0][0]);
            int[] out = Tiler.run(decoded.getRGB(0, 0, w, h, null, 0, w), w, h, 512, 16, net.workers(), (px, hh, ww) -> net.correction(px, hh, ww, quant));
            BufferedImage deblocked = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            deblocked.setRGB(0, 0, w, h, out, 0, w);
            java.util.List<BufferedImage> row = new java.util.ArrayList<>(java.util.List.of(original, decoded));
            if (qs) {
                Path in = tmp.resolve("in.jpg"), smoothed = tmp.resolve("out.jpg");
                Files.write(in, jpeg);
                Process p = new ProcessBuilder("jpegqs", "-q", "6", "-i", "0", in.toString(), smoothed.toString()).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("jpegqs failed on " + c.photo());
                row.add(ImageIO.read(smoothed.toFile()));
            }
            row.add(deblocked);
            for (int k = 0; k < row.size(); k++) {
                g.drawImage(row.get(k).getSubimage(c.x(), c.y(), SIZE, SIZE), k * (cell + GAP), r * (cell + GAP), cell, cell, null);
            }
        }
        g.dispose();
        ImageIO.write(sheet, "png", file.toFile());
        System.out.println("crops written to " + file + " (columns: original, JPEG q" + QUALITY + (qs ? ", jpegqs -q 6" : "") + ", network)");
    }

    private static BufferedImage rgb(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(img, 0, 0, null);
        return out;
    }
}
