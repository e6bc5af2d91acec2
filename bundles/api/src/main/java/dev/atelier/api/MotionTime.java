package dev.atelier.api;

import java.util.List;

/**
 * How long a machine takes to follow polylines, with the model GRBL's planner uses: a feed rate, one
 * acceleration for both axes, and a speed at each corner limited by the junction deviation (GRBL's
 * {@code $11}, 0.01 mm by default), planned forwards and backwards so each segment accelerates and
 * brakes within its length. Pen-up travel between strokes is counted at the same feed.
 */
public final class MotionTime {
    private MotionTime() { }

    /**
     * Seconds to draw the strokes in order, starting and ending at rest.
     *
     * @param feedMmPerMin feed rate
     * @param accelMmPerS2 acceleration
     * @param junctionDeviationMm GRBL's $11
     */
    public static double seconds(List<Drawing.Polyline> strokes, double feedMmPerMin, double accelMmPerS2, double junctionDeviationMm) {
        if (!(feedMmPerMin > 0 && accelMmPerS2 > 0 && junctionDeviationMm >= 0)) {
            throw new IllegalArgumentException("feed and acceleration must be positive, junction deviation not negative");
        }
        int n = 0;
        for (Drawing.Polyline p : strokes) n += p.size();
        double[] x = new double[n], y = new double[n];
        int k = 0;
        for (Drawing.Polyline p : strokes) {
            for (int i = 0; i < p.size(); i++, k++) {
                x[k] = p.x()[i];
                y[k] = p.y()[i];
            }
        }
        return seconds(x, y, n, feedMmPerMin / 60, accelMmPerS2, junctionDeviationMm);
    }

    static double seconds(double[] x, double[] y, int n, double v, double a, double dev) {
        // segments of non-zero length
        double[] len = new double[n];
        double[] ux = new double[n], uy = new double[n];
        int m = 0;
        for (int i = 1; i < n; i++) {
            double dx = x[i] - x[i - 1], dy = y[i] - y[i - 1], l = Math.hypot(dx, dy);
            if (l < 1e-9) continue;
            len[m] = l;
            ux[m] = dx / l;
            uy[m] = dy / l;
            m++;
        }
        if (m == 0) return 0;
        // squared speed limit at the start of each segment (index m: the end, at rest)
        double[] limit = new double[m + 1];
        limit[0] = 0;
        limit[m] = 0;
        for (int i = 1; i < m; i++) {
            double cos = -(ux[i - 1] * ux[i] + uy[i - 1] * uy[i]);
            double sinHalf = Math.sqrt(Math.max(0, 0.5 * (1 - cos)));
            double vj2 = sinHalf > 0.999999 ? v * v : a * dev * sinHalf / (1 - sinHalf);
            limit[i] = Math.min(v * v, vj2);
        }
        // backward pass: each entry speed can still brake to the next within the segment
        for (int i = m - 1; i >= 0; i--) limit[i] = Math.min(limit[i], limit[i + 1] + 2 * a * len[i]);
        // forward pass: and can be reached from the previous
        for (int i = 1; i <= m; i++) limit[i] = Math.min(limit[i], limit[i - 1] + 2 * a * len[i - 1]);
        double t = 0;
        for (int i = 0; i < m; i++) t += segmentTime(len[i], Math.sqrt(limit[i]), Math.sqrt(limit[i + 1]), v, a);
        return t;
    }

    /** Trapezoid (or triangle) from entry speed v0 to exit speed v1 over length l, cruising at most at v. */
    static double segmentTime(double l, double v0, double v1, double v, double a) {
        double accelDist = (v * v - v0 * v0) / (2 * a), brakeDist = (v * v - v1 * v1) / (2 * a);
        if (accelDist + brakeDist <= l) return (v - v0) / a + (v - v1) / a + (l - accelDist - brakeDist) / v;
        double peak = Math.sqrt(Math.max(Math.max(v0 * v0, v1 * v1), (2 * a * l + v0 * v0 + v1 * v1) / 2));
        return Math.max(0, (peak - v0) / a) + Math.max(0, (peak - v1) / a);
    }
}
