package dev.atelier.plugin.file;

import dev.atelier.api.Drawing;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;

/** A drawing rendered as a picture: black strokes of the given width on white, anti-aliased. */
final class DrawingPreview {
    /** Keeps a preview within what fits in memory comfortably (about 100 MP). */
    static final long MAX_PIXELS = 100_000_000L;

    private DrawingPreview() { }

    static BufferedImage render(Drawing d, double pxPerMm, double strokeMm) {
        int w = Math.max(1, (int) Math.round(d.widthMm() * pxPerMm)), h = Math.max(1, (int) Math.round(d.heightMm() * pxPerMm));
        if ((long) w * h > MAX_PIXELS) {
            throw new IllegalArgumentException("parameter px.per.mm: " + pxPerMm + " makes a " + w + " x " + h + " preview; use a smaller value");
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke((float) (strokeMm * pxPerMm), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            for (Drawing.Polyline p : d.strokes()) {
                Path2D.Double path = new Path2D.Double();
                for (int i = 0; i < p.size(); i++) {
                    double x = p.x()[i] * pxPerMm, y = (d.heightMm() - p.y()[i]) * pxPerMm;
                    if (i == 0) path.moveTo(x, y); else path.lineTo(x, y);
                }
                g.draw(path);
            }
        } finally {
            g.dispose();
        }
        return img;
    }
}
