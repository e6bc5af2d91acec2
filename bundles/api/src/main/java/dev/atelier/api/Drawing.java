package dev.atelier.api;

import java.util.List;
import java.util.Objects;

/**
 * Ordered polylines in millimetres on a canvas of known size, origin at the bottom-left as machines
 * count (y grows upwards). The pen is down along each polyline and travels up between them.
 */
public final class Drawing implements Payload {
    /** One stroke: points (x[i], y[i]) in millimetres, drawn in order. */
    public record Polyline(double[] x, double[] y) {
        public Polyline {
            if (x.length != y.length) throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
            if (x.length == 0) throw new IllegalArgumentException("a polyline needs at least one point");
        }

        public int size() { return x.length; }

        /** Length of the stroke in millimetres. */
        public double length() {
            double sum = 0;
            for (int i = 1; i < x.length; i++) sum += Math.hypot(x[i] - x[i - 1], y[i] - y[i - 1]);
            return sum;
        }
    }

    private final double widthMm;
    private final double heightMm;
    private final List<Polyline> strokes;
    private final ImageSource source;

    public Drawing(double widthMm, double heightMm, List<Polyline> strokes, ImageSource source) {
        if (!(widthMm > 0 && heightMm > 0)) throw new IllegalArgumentException("canvas size must be positive, got " + widthMm + " x " + heightMm + " mm");
        this.widthMm = widthMm;
        this.heightMm = heightMm;
        this.strokes = List.copyOf(strokes);
        this.source = Objects.requireNonNull(source, "source");
    }

    public double widthMm() { return widthMm; }
    public double heightMm() { return heightMm; }
    public List<Polyline> strokes() { return strokes; }
    public ImageSource source() { return source; }

    /** Pen-down length in millimetres. */
    public double drawnLength() {
        return strokes.stream().mapToDouble(Polyline::length).sum();
    }

    /** Pen-up travel between strokes in millimetres (not counting the move to the first point). */
    public double travelLength() {
        double sum = 0;
        for (int i = 1; i < strokes.size(); i++) {
            Polyline a = strokes.get(i - 1), b = strokes.get(i);
            sum += Math.hypot(b.x()[0] - a.x()[a.size() - 1], b.y()[0] - a.y()[a.size() - 1]);
        }
        return sum;
    }

    public int pointCount() {
        return strokes.stream().mapToInt(Polyline::size).sum();
    }

    @Override public String type() { return DRAWING; }

    @Override public String toString() {
        return "Drawing " + widthMm + "x" + heightMm + " mm, " + strokes.size() + " strokes from " + source.name();
    }
}
