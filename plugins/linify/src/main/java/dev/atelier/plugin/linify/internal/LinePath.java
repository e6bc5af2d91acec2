package dev.atelier.plugin.linify.internal;

/**
 * The write-up's method: one wave patch per cell with a whole number of periods, its amplitude growing
 * with darkness, the patches of a row joined on the midline and the rows joined at their ends, so the
 * whole image is one continuous path. Coordinates are millimetres with y up (row 0 at the top).
 */
final class LinePath {
    /** How the path is laid out. */
    record Layout(int cols, int rows, double widthMm, double heightMm, Wave wave, int frequency, int frequencyMax,
                  int pointsPerPeriod, boolean serpentine, double maxSegmentMm) {
        double cellWidth() { return widthMm / cols; }
        double cellHeight() { return heightMm / rows; }
    }

    private LinePath() { }

    /**
     * @param tone per cell, row-major, in [0,1]: 0 white, 1 black (after contrast stretch and gamma)
     * @return x and y of the path's points
     */
    static double[][] build(double[] tone, Layout l) {
        PathBuilder path = new PathBuilder(true);
        double cw = l.cellWidth(), ch = l.cellHeight();
        double maxAmplitude = ch / 2;
        for (int r = 0; r < l.rows(); r++) {
            double mid = l.heightMm() - (r + 0.5) * ch;
            boolean reverse = l.serpentine() && (r & 1) == 1;
            int dir = reverse ? -1 : 1;
            double x = reverse ? l.widthMm() : 0;
            // Row turn: serpentine rows meet at the same edge (a vertical move); raster rows go back
            // to the left edge in one straight line.
            path.add(x, mid);
            for (int i = 0; i < l.cols(); i++) {
                int c = reverse ? l.cols() - 1 - i : i;
                double t = tone[r * l.cols() + c];
                int periods = l.frequency() + (int) Math.round(t * (l.frequencyMax() - l.frequency()));
                double period = cw / periods;
                double a = t * maxAmplitude;
                for (int p = 0; p < periods; p++) l.wave().period(path, x + dir * p * period, mid, period, dir, a, l.pointsPerPeriod());
                x += dir * cw;
            }
        }
        double[][] xy = {path.xs(), path.ys()};
        return l.maxSegmentMm() > 0 ? split(xy, l.maxSegmentMm()) : xy;
    }

    /** Splits every segment longer than max into equal parts. */
    static double[][] split(double[][] xy, double max) {
        PathBuilder out = new PathBuilder(false);
        double[] x = xy[0], y = xy[1];
        out.add(x[0], y[0]);
        for (int i = 1; i < x.length; i++) {
            int parts = (int) Math.ceil(Math.hypot(x[i] - x[i - 1], y[i] - y[i - 1]) / max);
            for (int k = 1; k <= parts; k++) out.add(x[i - 1] + (x[i] - x[i - 1]) * k / parts, y[i - 1] + (y[i] - y[i - 1]) * k / parts);
        }
        return new double[][] {out.xs(), out.ys()};
    }

    /** Length of a path in millimetres. */
    static double length(double[][] xy) {
        double s = 0;
        for (int i = 1; i < xy[0].length; i++) s += Math.hypot(xy[0][i] - xy[0][i - 1], xy[1][i] - xy[1][i - 1]);
        return s;
    }
}
