package dev.atelier.plugin.linify.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A plot of the gamma search, like the figures of the linify write-up. */
final class TracePlot {
    private TracePlot() { }

    /** The score (1 - SSIM, lower is better) against gamma: every evaluation (one colour per starting set) and the fitted parabolas. */
    @SuppressWarnings("unchecked")
    static BufferedImage render(Map<String, Object> trace, String name) {
        List<Map<String, Object>> evaluated = (List<Map<String, Object>>) trace.get("evaluations");
        List<Map<String, Object>> parabolas = (List<Map<String, Object>>) trace.get("parabolas");
        double bestGamma = (Double) trace.get("best");
        int w = 760, h = 440, left = 70, right = 20, top = 30, bottom = 50;
        double x0 = 0.2, x1 = 3.0;
        for (Map<String, Object> e : evaluated) x1 = Math.max(x1, Math.ceil(num(e, "gamma") * 2 + 0.4) / 2);
        double y0 = Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (Map<String, Object> e : evaluated) { y0 = Math.min(y0, num(e, "error")); y1 = Math.max(y1, num(e, "error")); }
        double pad = (y1 - y0) * 0.1;
        y0 -= pad;
        y1 += pad;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawRect(left, top, w - left - right, h - top - bottom);
        final double fx0 = x0, fx1 = x1, fy0 = y0, fy1 = y1;
        java.util.function.DoubleUnaryOperator sx = x -> left + (x - fx0) / (fx1 - fx0) * (w - left - right);
        java.util.function.DoubleUnaryOperator sy = y -> h - bottom - (y - fy0) / (fy1 - fy0) * (h - top - bottom);
        for (double x = 0.5; x <= x1; x += 0.5) {
            g.drawString(String.format(Locale.ROOT, "%.1f", x), (int) sx.applyAsDouble(x) - 8, h - bottom + 16);
        }
        for (int i = 0; i <= 4; i++) {
            double y = y0 + (y1 - y0) * i / 4;
            g.drawString(String.format(Locale.ROOT, "%.4f", y), 8, (int) sy.applyAsDouble(y) + 4);
        }
        g.drawString("gamma", w / 2 - 20, h - 12);
        g.drawString(name + ": 1 - SSIM of lightness seen from a distance, against gamma (dots: evaluations, curves: parabolas, colour: starting set)", left, 18);
        Color[] colours = {new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C), new Color(0x9467BD)};
        g.setClip(left, top, w - left - right, h - top - bottom);
        for (Map<String, Object> p : parabolas) {
            g.setColor(new Color(colours[(Integer) p.get("start") % 4].getRGB() & 0x40FFFFFF, true));
            Path2D.Double path = new Path2D.Double();
            for (int i = 0; i <= 200; i++) {
                double x = x0 + (x1 - x0) * i / 200, y = num(p, "a") * x * x + num(p, "b") * x + num(p, "c");
                if (i == 0) path.moveTo(sx.applyAsDouble(x), sy.applyAsDouble(y)); else path.lineTo(sx.applyAsDouble(x), sy.applyAsDouble(y));
            }
            g.setStroke(new BasicStroke(1f));
            g.draw(path);
        }
        for (Map<String, Object> e : evaluated) {
            g.setColor(colours[(Integer) e.get("start") % 4]);
            int cx = (int) sx.applyAsDouble(num(e, "gamma")), cy = (int) sy.applyAsDouble(num(e, "error"));
            g.fillOval(cx - 4, cy - 4, 8, 8);
        }
        g.setClip(null);
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, "best gamma %.3f, %d evaluations", bestGamma, evaluated.size()), w - right - 230, top + 18);
        g.dispose();
        return img;
    }

    private static double num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }
}
