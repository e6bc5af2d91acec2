package dev.atelier.plugin.file.gcode;

import dev.atelier.api.Drawing;
import dev.atelier.api.MotionTime;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A drawing as G-code for GRBL 1.1: millimetres, absolute coordinates, G0 to the start of each stroke
 * and G1 along it, every move inside the machine's work area, no more decimals than its resolution,
 * and an estimated run time in a comment.
 *
 * <p>Backlash: when an axis reverses, the slack in its drive must be taken up before the tool moves.
 * The writer then adds a short move of the backlash on that axis alone and from there on commands that
 * axis shifted by the backlash while it moves in the positive direction. The drawing is fitted into the
 * work area less the backlash, so the shifted moves stay inside it.
 */
public final class GcodeWriter {
    /** What was written: the lines, and figures for the log. */
    public record Program(List<String> lines, int moves, double seconds, double scale) { }

    private GcodeWriter() { }

    /**
     * The program for a drawing on a machine.
     *
     * @param feed mm/min
     * @param fit scale a drawing larger than the work area down (otherwise that is an IllegalArgumentException)
     */
    public static Program program(Drawing d, MachineProfile m, double feed, boolean fit) {
        double usableW = m.widthMm() - m.backlashX(), usableH = m.heightMm() - m.backlashY();
        double scale = 1;
        if (d.widthMm() > usableW + 1e-9 || d.heightMm() > usableH + 1e-9) {
            if (!fit) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "the drawing is %.1f x %.1f mm and the %s work area %.1f x %.1f mm "
                        + "(less backlash): set fit=true to scale it down, or choose a larger machine", d.widthMm(), d.heightMm(), m.name(), usableW, usableH));
            }
            scale = Math.min(usableW / d.widthMm(), usableH / d.heightMm());
        }
        double offX = (usableW - d.widthMm() * scale) / 2, offY = (usableH - d.heightMm() * scale) / 2;
        int fmt = Math.min(6, m.decimals());
        List<String> body = new ArrayList<>();
        List<double[]> commanded = new ArrayList<>();
        double bx = 0, by = 0; // current backlash shifts
        int dirX = -1, dirY = -1; // the drives are assumed to have last moved towards the origin (as after homing)
        String lastX = null, lastY = null;
        int moves = 0;
        double px = 0, py = 0;
        for (Drawing.Polyline p : d.strokes()) {
            for (int i = 0; i < p.size(); i++) {
                double x = offX + p.x()[i] * scale, y = offY + p.y()[i] * scale;
                boolean first = i == 0;
                if (!commanded.isEmpty()) {
                    int sx = (int) Math.signum(round(x, m) - round(px, m)), sy = (int) Math.signum(round(y, m) - round(py, m));
                    boolean takeUp = false;
                    if (sx != 0 && sx != dirX) { dirX = sx; bx = sx > 0 ? m.backlashX() : 0; takeUp |= m.backlashX() > 0; }
                    if (sy != 0 && sy != dirY) { dirY = sy; by = sy > 0 ? m.backlashY() : 0; takeUp |= m.backlashY() > 0; }
                    if (takeUp) {
                        String line = move(first ? "G0" : "G1", px + bx, py + by, lastX, lastY, fmt);
                        if (line != null) { body.add(line + " ; backlash"); moves++; commanded.add(new double[] {px + bx, py + by}); }
                        lastX = f(fmt, px + bx);
                        lastY = f(fmt, py + by);
                    }
                }
                String line = move(first ? "G0" : "G1", x + bx, y + by, lastX, lastY, fmt);
                if (line != null) {
                    body.add(line);
                    moves++;
                    commanded.add(new double[] {x + bx, y + by});
                    lastX = f(fmt, x + bx);
                    lastY = f(fmt, y + by);
                }
                px = x;
                py = y;
            }
        }
        double[] xs = new double[commanded.size()], ys = new double[commanded.size()];
        for (int i = 0; i < xs.length; i++) { xs[i] = commanded.get(i)[0]; ys[i] = commanded.get(i)[1]; }
        double seconds = xs.length == 0 ? 0 : MotionTime.seconds(List.of(new Drawing.Polyline(xs, ys)), feed, m.acceleration(), m.junctionDeviation());
        List<String> lines = new ArrayList<>();
        lines.add("; Atelier: " + d.source().name().replaceAll("[\\r\\n]", " ") + ", " + d.strokes().size() + " stroke(s), "
                + String.format(Locale.ROOT, "%.0f mm drawn", d.drawnLength() * scale));
        lines.add(String.format(Locale.ROOT, "; machine %s: %.1f x %.1f mm, feed %.0f mm/min, backlash X %.2f Y %.2f mm%s", m.name(), m.widthMm(), m.heightMm(),
                feed, m.backlashX(), m.backlashY(), scale < 1 ? String.format(Locale.ROOT, ", drawing scaled by %.3f to fit", scale) : ""));
        lines.add(String.format(Locale.ROOT, "; estimated run time %s (%d moves; GRBL planner model, %.0f mm/s^2, junction deviation %.3f mm)",
                duration(seconds), moves, m.acceleration(), m.junctionDeviation()));
        lines.add("G21");
        lines.add("G90");
        lines.add("G94");
        lines.add(String.format(Locale.ROOT, "F%.0f", feed));
        lines.addAll(body);
        lines.add("M2");
        return new Program(lines, moves, seconds, scale);
    }

    private static double round(double v, MachineProfile m) {
        double q = Math.pow(10, m.decimals());
        return Math.round(v * q) / q;
    }

    private static String f(int decimals, double v) {
        return Decimals.format(v, decimals);
    }

    /** A move with only the axes that change, or null when it would not move. */
    private static String move(String g, double x, double y, String lastX, String lastY, int fmt) {
        String sx = f(fmt, x), sy = f(fmt, y);
        StringBuilder b = new StringBuilder(g);
        if (!sx.equals(lastX)) b.append(" X").append(sx);
        if (!sy.equals(lastY)) b.append(" Y").append(sy);
        return b.length() == g.length() ? null : b.toString();
    }

    /** h:mm:ss */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    public static void write(Program p, OutputStream out) throws IOException {
        out.write((String.join("\n", p.lines()) + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
