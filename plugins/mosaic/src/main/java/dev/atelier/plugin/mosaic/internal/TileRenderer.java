package dev.atelier.plugin.mosaic.internal;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;

/**
 * The built-in tiles, drawn rather than photographed: a candy seen from the top is a shaded lentil
 * (light from the upper left, a darker rim, a soft shadow to the lower right) with a printed "S"; seen from
 * the side it is a rounded bar, lit from above. Drawn four times larger and reduced in linear light, so the
 * edges are smooth at 24 pixels.
 */
final class TileRenderer {
    private static final int OVERSAMPLE = 4;

    private TileRenderer() { }

    enum View { TOP, SIDE }

    static Tile render(int colour, View view, int size) {
        int big = size * OVERSAMPLE;
        BufferedImage img = new BufferedImage(big, big, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        Color base = new Color(Candy.rgb(colour));
        if (view == View.TOP) top(g, big, base, colour);
        else side(g, big, base);
        g.dispose();
        return new Tile(colour, "built-in " + Candy.name(colour) + " " + view.name().toLowerCase(java.util.Locale.ROOT), size, Argb.reduce(img, size).getRGB(0, 0, size, size, null, 0, size));
    }

    private static void top(Graphics2D g, int s, Color base, int colour) {
        double d = s * 0.90, x = (s - d) / 2, y = (s - d) / 2;
        // soft shadow, down and to the right
        for (int i = 6; i >= 1; i--) {
            double grow = s * 0.012 * i;
            g.setColor(new Color(0, 0, 0, 10));
            g.fill(new Ellipse2D.Double(x + s * 0.03 - grow / 2, y + s * 0.04 - grow / 2, d + grow, d + grow));
        }
        // body: lighter towards the upper left, darker at the rim
        Color light = mix(base, Color.WHITE, 0.35), dark = mix(base, Color.BLACK, 0.30);
        g.setPaint(new RadialGradientPaint(new java.awt.geom.Point2D.Double(x + d * 0.38, y + d * 0.34), (float) (d * 0.75),
                new float[] {0f, 0.55f, 1f}, new Color[] {light, base, dark}));
        g.fill(new Ellipse2D.Double(x, y, d, d));
        // the printed letter, slightly worn
        Color ink = colour == Candy.index("white") ? new Color(120, 120, 120, 200) : new Color(255, 255, 255, 215);
        // an "S" drawn as a stroked path, not with a font: a headless JDK may have no fonts installed
        double cx = s / 2.0, cy = s / 2.0, hw = d * 0.17, hh = d * 0.25;
        java.awt.geom.Path2D.Double letter = new java.awt.geom.Path2D.Double();
        letter.moveTo(cx + hw, cy - hh * 0.72);
        letter.curveTo(cx + hw * 0.6, cy - hh * 1.08, cx - hw * 1.1, cy - hh * 1.1, cx - hw, cy - hh * 0.45);
        letter.curveTo(cx - hw * 0.9, cy - hh * 0.05, cx + hw * 0.9, cy + hh * 0.02, cx + hw, cy + hh * 0.45);
        letter.curveTo(cx + hw * 1.1, cy + hh * 1.1, cx - hw * 0.6, cy + hh * 1.08, cx - hw, cy + hh * 0.72);
        g.setColor(ink);
        g.setStroke(new BasicStroke((float) (d * 0.11), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(letter);
        // a highlight from the flash
        g.setComposite(AlphaComposite.SrcAtop);
        g.setColor(new Color(255, 255, 255, 70));
        g.fill(new Ellipse2D.Double(x + d * 0.18, y + d * 0.14, d * 0.30, d * 0.20));
        g.setComposite(AlphaComposite.SrcOver);
        g.setStroke(new BasicStroke((float) (s * 0.01)));
        g.setColor(mix(dark, Color.BLACK, 0.2));
        g.draw(new Ellipse2D.Double(x, y, d, d));
    }

    private static void side(Graphics2D g, int s, Color base) {
        double w = s * 0.92, h = s * 0.48, x = (s - w) / 2, y = (s - h) / 2;
        for (int i = 5; i >= 1; i--) {
            double grow = s * 0.012 * i;
            g.setColor(new Color(0, 0, 0, 10));
            g.fill(new RoundRectangle2D.Double(x + s * 0.02 - grow / 2, y + s * 0.05 - grow / 2, w + grow, h + grow, h + grow, h + grow));
        }
        Color light = mix(base, Color.WHITE, 0.40), dark = mix(base, Color.BLACK, 0.35);
        g.setPaint(new GradientPaint((float) x, (float) y, light, (float) x, (float) (y + h), dark));
        g.fill(new RoundRectangle2D.Double(x, y, w, h, h, h));
        g.setColor(new Color(255, 255, 255, 60)); // the seam's sheen
        g.fill(new RoundRectangle2D.Double(x + w * 0.12, y + h * 0.18, w * 0.76, h * 0.16, h * 0.16, h * 0.16));
    }

    private static Color mix(Color a, Color b, double t) {
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t), (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t), a.getAlpha());
    }
}
