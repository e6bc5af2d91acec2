package dev.atelier.plugin.linify.internal;

import java.util.Arrays;

/**
 * Collects the points of one path, dropping a point equal to the last and merging a point that
 * continues the last segment in the same direction (a white cell's flat wave becomes one move).
 */
final class PathBuilder {
    private double[] x = new double[1024], y = new double[1024];
    private int n;
    private final boolean merge;

    /** @param merge drop repeated points and merge collinear ones */
    PathBuilder(boolean merge) {
        this.merge = merge;
    }

    void add(double px, double py) {
        if (merge && n > 0 && Math.abs(px - x[n - 1]) < 1e-9 && Math.abs(py - y[n - 1]) < 1e-9) return;
        if (merge && n > 1) {
            double ax = x[n - 1] - x[n - 2], ay = y[n - 1] - y[n - 2], bx = px - x[n - 1], by = py - y[n - 1];
            if (Math.abs(ax * by - ay * bx) < 1e-12 && ax * bx + ay * by > 0) { // same line, same way
                x[n - 1] = px;
                y[n - 1] = py;
                return;
            }
        }
        if (n == x.length) {
            x = Arrays.copyOf(x, 2 * n);
            y = Arrays.copyOf(y, 2 * n);
        }
        x[n] = px;
        y[n] = py;
        n++;
    }

    int size() { return n; }
    double[] xs() { return Arrays.copyOf(x, n); }
    double[] ys() { return Arrays.copyOf(y, n); }
}
