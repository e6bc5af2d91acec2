package dev.atelier.plugin.linify.internal;

import java.util.Locale;

/** The shape drawn in each cell; every shape starts and ends a period on the midline. */
enum Wave {
    /** Smooth, the write-up's choice. */
    SINE,
    /** Only horizontal and vertical moves: each knob of an Etch-a-Sketch turns alone, and few commands. */
    SQUARE,
    /** Straight diagonals: few commands, both knobs at once. */
    TRIANGLE;

    static Wave of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }

    /**
     * One period as (t, value) pairs after its start: t from 0 to 1 along the period, value from -1 to 1 across
     * it; the last pair is (1, 0), back on the midline. Rows ({@link #period}) and the spiral ({@link Spiral}) both
     * draw their waves from it.
     */
    double[][] unitPeriod(int pointsPerPeriod) {
        return switch (this) {
            case SINE -> {
                double[][] p = new double[pointsPerPeriod][];
                for (int i = 1; i <= pointsPerPeriod; i++) {
                    double t = i / (double) pointsPerPeriod;
                    p[i - 1] = new double[] {t, i == pointsPerPeriod ? 0 : Math.sin(2 * Math.PI * t)};
                }
                yield p;
            }
            case SQUARE -> new double[][] {{0, 1}, {0.5, 1}, {0.5, -1}, {1, -1}, {1, 0}};
            case TRIANGLE -> new double[][] {{0.25, 1}, {0.75, -1}, {1, 0}};
        };
    }

    /**
     * Appends one period starting at (x, mid) and ending at (x + dir * period, mid), amplitude a, to
     * the path. The start point is not appended (it ends the previous period).
     */
    void period(PathBuilder path, double x, double mid, double period, int dir, double a, int pointsPerPeriod) {
        double d = dir * period;
        for (double[] p : unitPeriod(pointsPerPeriod)) path.add(x + d * p[0], mid + a * p[1]);
    }
}
