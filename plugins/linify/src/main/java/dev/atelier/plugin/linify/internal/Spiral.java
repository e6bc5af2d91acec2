package dev.atelier.plugin.linify.internal;

/**
 * The other classic single-line picture: an Archimedean spiral from the centre out, one turn per cell of
 * spacing, carrying the same wave as the rows (its amplitude, and with frequency modulation its density,
 * set by the darkness under each period). The spiral fills the largest circle inside the drawing area, so
 * the photo's corners outside that circle are left as paper; one stroke, as the rows are.
 */
final class Spiral {
    private Spiral() { }

    /**
     * @param darkness per cell of the layout's grid, row-major (row 0 at the top), in [0, 1]
     * @return x and y of the path's points in mm, y up
     */
    static double[][] build(double[] darkness, LinePath.Layout l) {
        double spacing = Math.min(l.cellWidth(), l.cellHeight());
        double cx = l.widthMm() / 2, cy = l.heightMm() / 2;
        double radius = Math.min(l.widthMm(), l.heightMm()) / 2 - spacing / 2; // the outer wave stays inside
        double b = spacing / (2 * Math.PI); // r = b * theta
        PathBuilder path = new PathBuilder(true);
        double theta = 0;
        path.add(cx, cy);
        while (b * theta < radius) {
            // one period: its length and amplitude from the darkness where it starts
            double r0 = b * theta;
            double t = sample(darkness, l, cx + r0 * Math.cos(theta), cy + r0 * Math.sin(theta));
            int periodsPerCell = l.frequency() + (int) Math.round(t * (l.frequencyMax() - l.frequency()));
            double length = spacing / periodsPerCell, a = t * spacing / 2;
            double start = theta;
            for (double[] p : l.wave().unitPeriod(l.pointsPerPeriod())) {
                double th = advance(start, p[0] * length, b);
                double r = b * th + a * p[1];
                path.add(cx + r * Math.cos(th), cy + r * Math.sin(th));
            }
            theta = advance(start, length, b);
        }
        double[][] xy = {path.xs(), path.ys()};
        return l.maxSegmentMm() > 0 ? LinePath.split(xy, l.maxSegmentMm()) : xy;
    }

    /** The angle after going {@code distance} mm along the spiral r = b theta from {@code theta} (small steps of its arc length). */
    static double advance(double theta, double distance, double b) {
        double th = theta, left = distance;
        while (left > 1e-12) {
            double step = Math.min(left, b * 0.5); // at most about a radian near the centre
            double speed = b * Math.sqrt(th * th + 1); // ds/dtheta of the Archimedean spiral
            th += step / speed;
            left -= step;
        }
        return th;
    }

    /** Darkness at (x, y) mm, bilinear between cell centres. */
    static double sample(double[] darkness, LinePath.Layout l, double x, double y) {
        double gx = x / l.cellWidth() - 0.5, gy = (l.heightMm() - y) / l.cellHeight() - 0.5;
        int i0 = (int) Math.floor(gx), j0 = (int) Math.floor(gy);
        double fx = gx - i0, fy = gy - j0;
        double top = at(darkness, l, i0, j0) * (1 - fx) + at(darkness, l, i0 + 1, j0) * fx;
        double bottom = at(darkness, l, i0, j0 + 1) * (1 - fx) + at(darkness, l, i0 + 1, j0 + 1) * fx;
        return top * (1 - fy) + bottom * fy;
    }

    private static double at(double[] d, LinePath.Layout l, int i, int j) {
        i = Math.max(0, Math.min(l.cols() - 1, i));
        j = Math.max(0, Math.min(l.rows() - 1, j));
        return d[j * l.cols() + i];
    }
}
