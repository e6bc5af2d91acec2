package dev.atelier.plugin.mosaic.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Renders the test photo for the segmentation: candies on white paper as a flash photo shows them, with
 * soft shadows, light falling off towards one corner, sensor noise, slightly oval candies of varying size
 * turned every way, and three pairs that touch. The truth (centre, radius, colour of every candy) is
 * written beside it. Run once to make {@code src/test/resources/candies.jpg} and {@code candies.csv}:
 * {@code java -cp ... dev.atelier.plugin.mosaic.internal.CandyPhoto src/test/resources}.
 */
public final class CandyPhoto {
    record Truth(double x, double y, double r, int colour) { }

    private CandyPhoto() { }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<Truth> truth = new ArrayList<>();
        BufferedImage img = render(640, 480, 20260422L, truth);
        // a JPEG, as a camera writes it (quality 90, 4:2:0): 80 KB rather than the PNG's 700 KB of noise
        MosaicBench.writeJpeg(img, dir.resolve("candies.jpg"), 0.9f);
        StringBuilder csv = new StringBuilder("x,y,r,colour\n");
        for (Truth t : truth) csv.append(String.format(Locale.ROOT, "%.1f,%.1f,%.1f,%s%n", t.x, t.y, t.r, Candy.name(t.colour)));
        Files.writeString(dir.resolve("candies.csv"), csv);
        System.out.println(truth.size() + " candies");
    }

    static BufferedImage render(int w, int h, long seed, List<Truth> truth) {
        Random rnd = new Random(seed);
        // place: 5 of each colour at random, none overlapping; then 3 pairs that touch
        List<Truth> placed = new ArrayList<>();
        for (int c = 0; c < Candy.count(); c++) {
            for (int k = 0; k < 5; k++) {
                for (int attempt = 0; attempt < 1000; attempt++) {
                    double r = 17 + rnd.nextDouble() * 3, x = 30 + rnd.nextDouble() * (w - 60), y = 30 + rnd.nextDouble() * (h - 60);
                    if (fits(placed, x, y, r, 8)) {
                        placed.add(new Truth(x, y, r, c));
                        break;
                    }
                }
            }
        }
        for (int pair = 0; pair < 3; pair++) {
            for (int attempt = 0; attempt < 5000; attempt++) {
                double r1 = 17 + rnd.nextDouble() * 3, r2 = 17 + rnd.nextDouble() * 3, x = 40 + rnd.nextDouble() * (w - 120), y = 40 + rnd.nextDouble() * (h - 80);
                double ang = rnd.nextDouble() * Math.PI, x2 = x + Math.cos(ang) * (r1 + r2), y2 = y + Math.sin(ang) * (r1 + r2);
                if (x2 < 30 || y2 < 30 || x2 > w - 30 || y2 > h - 30) continue;
                if (fits(placed, x, y, r1, 8) && fits(placed, x2, y2, r2, 8)) {
                    placed.add(new Truth(x, y, r1, rnd.nextInt(Candy.count())));
                    placed.add(new Truth(x2, y2, r2, rnd.nextInt(Candy.count())));
                    break;
                }
            }
        }
        truth.addAll(placed);

        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(250, 250, 247));
        g.fillRect(0, 0, w, h);
        for (Truth t : placed) { // shadows first, under every candy
            for (int i = 5; i >= 1; i--) {
                g.setColor(new Color(60, 60, 70, 14));
                double grow = i * 1.2;
                g.fill(new Ellipse2D.Double(t.x - t.r + 2.5 - grow, t.y - t.r + 3.5 - grow, 2 * t.r + 2 * grow, 2 * t.r + 2 * grow));
            }
        }
        for (Truth t : placed) candy(g, t, rnd);
        g.dispose();
        // light falls off towards the lower right, and the sensor adds noise
        int[] px = img.getRGB(0, 0, w, h, null, 0, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double fall = 1 - 0.22 * ((double) x / w * 0.6 + (double) y / h * 0.4);
                int p = px[y * w + x];
                int r = clamp((p >> 16 & 0xFF) * fall + rnd.nextGaussian() * 4), gg = clamp((p >> 8 & 0xFF) * fall + rnd.nextGaussian() * 4),
                        b = clamp((p & 0xFF) * fall + rnd.nextGaussian() * 4);
                px[y * w + x] = r << 16 | gg << 8 | b;
            }
        }
        img.setRGB(0, 0, w, h, px, 0, w);
        return img;
    }

    private static void candy(Graphics2D g0, Truth t, Random rnd) {
        Graphics2D g = (Graphics2D) g0.create();
        g.translate(t.x, t.y);
        g.rotate(rnd.nextDouble() * 2 * Math.PI);
        double rx = t.r, ry = t.r * (0.93 + rnd.nextDouble() * 0.07); // a little oval
        Color base = new Color(Candy.rgb(t.colour));
        Color light = mix(base, Color.WHITE, 0.3), dark = mix(base, Color.BLACK, 0.28);
        g.setPaint(new RadialGradientPaint(new Point2D.Double(-rx * 0.3, -ry * 0.3), (float) (rx * 1.6), new float[] {0f, 0.5f, 1f},
                new Color[] {light, base, dark}));
        g.fill(new Ellipse2D.Double(-rx, -ry, 2 * rx, 2 * ry));
        Path2D.Double s = new Path2D.Double();
        double hw = rx * 0.33, hh = ry * 0.48;
        s.moveTo(hw, -hh * 0.72);
        s.curveTo(hw * 0.6, -hh * 1.08, -hw * 1.1, -hh * 1.1, -hw, -hh * 0.45);
        s.curveTo(-hw * 0.9, -hh * 0.05, hw * 0.9, hh * 0.02, hw, hh * 0.45);
        s.curveTo(hw * 1.1, hh * 1.1, -hw * 0.6, hh * 1.08, -hw, hh * 0.72);
        g.setColor(t.colour == Candy.index("white") ? new Color(110, 110, 110, 210) : new Color(255, 255, 255, 220));
        g.setStroke(new BasicStroke((float) (rx * 0.2), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(s);
        g.setColor(new Color(255, 255, 255, 90)); // the flash's highlight
        g.fill(new Ellipse2D.Double(-rx * 0.6, -ry * 0.7, rx * 0.55, ry * 0.35));
        g.dispose();
    }

    private static boolean fits(List<Truth> placed, double x, double y, double r, double gap) {
        for (Truth t : placed) if (Math.hypot(t.x - x, t.y - y) < t.r + r + gap) return false;
        return true;
    }

    private static Color mix(Color a, Color b, double t) {
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t), (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    static List<Truth> readTruth(Path csv) throws IOException {
        List<Truth> out = new ArrayList<>();
        for (String l : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            String[] f = l.split(",");
            out.add(new Truth(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]), Candy.index(f[3])));
        }
        return out;
    }
}
