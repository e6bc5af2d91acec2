package dev.atelier.plugin.linify.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/**
 * Successive parabolic interpolation, as the linify write-up tunes gamma: evaluate four random points,
 * fit a parabola through the three best, evaluate at its vertex, keep the four best, and repeat until
 * the vertex lands within the tolerance of the best point. A few starting sets guard against a local
 * minimum; the best of all wins. Every evaluation and every parabola is kept in the trace.
 */
final class Spi {
    /** One evaluation of the objective. */
    record Evaluation(int start, double x, double fx) { }

    /** A parabola y = a x^2 + b x + c fitted in a step, and its vertex. */
    record Parabola(int start, double a, double b, double c, double vertex) { }

    /**
     * What the search did. {@code atBound} is the edge of the allowed range ({@code min} or {@code max}) when the
     * best point lies on it: then the true minimum may lie beyond, and the caller must say so rather than
     * present the bound as an optimum; NaN otherwise.
     */
    record Result(double x, double fx, int evaluations, List<Evaluation> evaluated, List<Parabola> parabolas, double atBound) {
        boolean stoppedAtBound() { return !Double.isNaN(atBound); }
    }

    private Spi() { }

    /**
     * @param lo, hi the range the starting points are drawn from
     * @param min, max the range a vertex may reach (the minimum may lie outside the starting range)
     * @param tolerance stop when a new vertex is this close to the best point
     */
    static Result minimize(DoubleUnaryOperator f, double lo, double hi, double min, double max, double tolerance, int starts, long seed,
                           int maxEvaluationsPerStart) {
        return minimize(f, lo, hi, min, max, tolerance, starts, seed, maxEvaluationsPerStart, Double.NaN);
    }

    /**
     * @param include a point the first starting set evaluates in place of one random point (NaN: none): the
     *                result, the best point evaluated, is then never worse than it (a default to beat)
     */
    static Result minimize(DoubleUnaryOperator f, double lo, double hi, double min, double max, double tolerance, int starts, long seed,
                           int maxEvaluationsPerStart, double include) {
        Random random = new Random(seed);
        List<Evaluation> all = new ArrayList<>();
        List<Parabola> parabolas = new ArrayList<>();
        Evaluation best = null;
        for (int s = 0; s < starts; s++) {
            List<Evaluation> pts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                double x = lo + random.nextDouble() * (hi - lo);
                pts.add(eval(f, s, s == 0 && i == 0 && !Double.isNaN(include) ? include : x, all));
            }
            for (int it = 4; it < maxEvaluationsPerStart; it++) {
                pts.sort(Comparator.comparingDouble(Evaluation::fx));
                Evaluation p0 = pts.get(0), p1 = pts.get(1), p2 = pts.get(2);
                double next;
                Parabola fit = fit(s, p0, p1, p2);
                if (fit != null && fit.a() > 0) {
                    parabolas.add(fit);
                    next = fit.vertex();
                } else {
                    // no minimum in the fit (collinear or concave): step past the best, away from the second
                    next = p0.x() + (p0.x() - p1.x());
                }
                next = Math.max(min, Math.min(max, next));
                // A vertex far out (three nearly collinear points) may land where a point was already
                // tried and dropped; then halve the step towards the best point instead of repeating it.
                for (int k = 0; k < 40 && tried(all, s, next, tolerance / 2); k++) next = (p0.x() + next) / 2;
                if (Math.abs(next - p0.x()) < tolerance) break;
                pts.add(eval(f, s, next, all));
                pts.sort(Comparator.comparingDouble(Evaluation::fx));
                if (pts.size() > 4) pts.remove(4);
            }
            pts.sort(Comparator.comparingDouble(Evaluation::fx));
            if (best == null || pts.get(0).fx() < best.fx()) best = pts.get(0);
        }
        double bound = best.x() - min <= tolerance ? min : max - best.x() <= tolerance ? max : Double.NaN;
        return new Result(best.x(), best.fx(), all.size(), all, parabolas, bound);
    }

    private static boolean tried(List<Evaluation> all, int start, double x, double within) {
        for (Evaluation e : all) if (e.start() == start && Math.abs(e.x() - x) < within) return true;
        return false;
    }

    private static Evaluation eval(DoubleUnaryOperator f, int start, double x, List<Evaluation> all) {
        Evaluation e = new Evaluation(start, x, f.applyAsDouble(x));
        all.add(e);
        return e;
    }

    /** The parabola through three points, or null when two share an x. */
    static Parabola fit(int start, Evaluation p, Evaluation q, Evaluation r) {
        double x1 = p.x(), x2 = q.x(), x3 = r.x(), y1 = p.fx(), y2 = q.fx(), y3 = r.fx();
        double d = (x1 - x2) * (x1 - x3) * (x2 - x3);
        if (Math.abs(d) < 1e-15) return null;
        double a = (x3 * (y2 - y1) + x2 * (y1 - y3) + x1 * (y3 - y2)) / d;
        double b = (x3 * x3 * (y1 - y2) + x2 * x2 * (y3 - y1) + x1 * x1 * (y2 - y3)) / d;
        double c = (x2 * x3 * (x2 - x3) * y1 + x3 * x1 * (x3 - x1) * y2 + x1 * x2 * (x1 - x2) * y3) / d;
        return new Parabola(start, a, b, c, a != 0 ? -b / (2 * a) : Double.NaN);
    }

    /** Golden-section search on [lo, hi] to the same tolerance, for comparison; returns {x, evaluations}. */
    static double[] golden(DoubleUnaryOperator f, double lo, double hi, double tolerance) {
        double g = (Math.sqrt(5) - 1) / 2;
        double a = lo, b = hi, c = b - g * (b - a), d = a + g * (b - a);
        double fc = f.applyAsDouble(c), fd = f.applyAsDouble(d);
        int n = 2;
        while (b - a > tolerance) {
            if (fc < fd) { b = d; d = c; fd = fc; c = b - g * (b - a); fc = f.applyAsDouble(c); }
            else { a = c; c = d; fc = fd; d = a + g * (b - a); fd = f.applyAsDouble(d); }
            n++;
        }
        return new double[] {(a + b) / 2, n};
    }
}
