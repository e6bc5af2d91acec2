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
     * Appends one period starting at (x, mid) and ending at (x + dir * period, mid), amplitude a, to
     * the path. The start point is not appended (it ends the previous period).
     */
    void period(PathBuilder path, double x, double mid, double period, int dir, double a, int pointsPerPeriod) {
        double d = dir * period;
        switch (this) {
            case SINE -> {
                for (int i = 1; i <= pointsPerPeriod; i++) {
                    double t = i / (double) pointsPerPeriod;
                    path.add(x + d * t, i == pointsPerPeriod ? mid : mid + a * Math.sin(2 * Math.PI * t));
                }
            }
            case SQUARE -> {
                path.add(x, mid + a);
                path.add(x + d / 2, mid + a);
                path.add(x + d / 2, mid - a);
                path.add(x + d, mid - a);
                path.add(x + d, mid);
            }
            case TRIANGLE -> {
                path.add(x + d / 4, mid + a);
                path.add(x + 3 * d / 4, mid - a);
                path.add(x + d, mid);
            }
        }
    }
}
