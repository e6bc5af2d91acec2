package dev.atelier.plugin.linify.internal;

import dev.atelier.api.Drawing;
import dev.atelier.api.FilterProperties;
import dev.atelier.api.Filter;
import dev.atelier.api.MotionTime;
import dev.atelier.api.Payload;
import dev.atelier.api.Raster;
import dev.atelier.api.StepContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** A photo as one continuous wave line: darker cells get taller (and optionally denser) waves. */
@Component
@FilterProperties(name = "linify", output = Payload.DRAWING,
        description = "The photo as one continuous wave line (for a CNC Etch-a-Sketch); gamma tuned by successive parabolic interpolation")
@Designate(ocd = LinifyFilter.Config.class)
public class LinifyFilter implements Filter {
    /** Attachment: the gamma search, a map with "evaluations" and "parabolas" (lists of maps). */
    public static final String TRACE = "linify.trace";
    /** Attachment: a plot of the gamma search as a Raster (with gamma auto), for the file output's {@code attachment}. */
    public static final String PLOT = "linify.plot";
    /** Attachment: figures of the path (length, points, gamma, error, estimated time). */
    public static final String STATS = "linify.stats";

    /** Pixels per cell of the grid a rendering is judged on. */
    static final int JUDGE_SCALE = 4;

    @ObjectClassDefinition(name = "linify", description = "A photo as one continuous line")
    @interface Config {
        @AttributeDefinition(min = "1", max = "1000", description = "Cells along the image's long edge (the photo is reduced to this many)")
        int cells() default 64;

        @AttributeDefinition(min = "1", max = "64", description = "Whole wave periods per cell (in the lightest cells when frequency.max is higher)")
        int frequency() default 2;

        @AttributeDefinition(min = "0", max = "64", description = "Periods per cell in the darkest cells, for frequency modulation; 0 = same as frequency")
        int frequency_max() default 0;

        @AttributeDefinition(min = "4", max = "256", description = "Points per sine period (square and triangle waves need none)")
        int points_per_period() default 12;

        @AttributeDefinition(description = "Exponent applied to the stretched light before it sets the amplitude, or auto: "
                + "tuned by successive parabolic interpolation to match the photo")
        String gamma() default "1.5"; // DEFAULT_GAMMA

        @AttributeDefinition(description = "Wave shape", options = {@Option(value = "sine"), @Option(value = "square"), @Option(value = "triangle")})
        String wave() default "sine";

        @AttributeDefinition(description = "rows: the write-up's rows of waves, one under the other; spiral: one spiral from the centre out "
                + "carrying the wave (fills the largest circle inside the drawing area)", options = {@Option(value = "rows"), @Option(value = "spiral")})
        String style() default "rows";

        @AttributeDefinition(description = "Tone preparation: stretch (darkest cell 0, lightest 1), or local: contrast equalised in 8 x 8 tiles "
                + "first (CLAHE on lightness), for photos whose subject spans few tones", options = {@Option(value = "stretch"), @Option(value = "local")})
        String contrast() default "stretch";

        @AttributeDefinition(description = "Odd rows right to left, joined by a short vertical move; off: every row left to right, "
                + "joined by a diagonal back to the left edge")
        boolean serpentine() default true;

        @AttributeDefinition(min = "1", description = "Drawing width limit in mm (the image keeps its aspect inside width x height)")
        double width_mm() default 150;

        @AttributeDefinition(min = "1", description = "Drawing height limit in mm (an Etch-a-Sketch screen is about 150 x 100)")
        double height_mm() default 100;

        @AttributeDefinition(min = "0.01", description = "Width of the drawn line in mm: used to judge gamma and by the SVG and preview outputs")
        double line_width_mm() default 0.5;

        @AttributeDefinition(min = "0", description = "Longest single move in mm; longer ones are split (0: no limit)")
        double max_segment_mm() default 0;

        @AttributeDefinition(min = "1", description = "Feed rate in mm/min, for the drawing time in the linify.stats attachment only (the G-code and cnc outputs estimate with their machine profile)")
        double feed() default 1000;

        @AttributeDefinition(min = "1", description = "Acceleration in mm/s^2, for the drawing time in the linify.stats attachment only")
        double acceleration() default 200;
    }

    /** At load time: gamma is auto or a positive number. */
    @Override public java.util.List<String> check(java.util.Map<String, Object> parameters, String input) {
        String g = String.valueOf(parameters.getOrDefault("gamma", "1.5")).trim();
        if (g.equalsIgnoreCase("auto")) return java.util.List.of();
        try {
            double v = Double.parseDouble(g);
            if (!(v > 0) || Double.isInfinite(v)) return java.util.List.of("parameter 'gamma': " + g + " is not a positive number; give one such as 1.5, or auto");
        } catch (NumberFormatException e) {
            return java.util.List.of("parameter 'gamma': '" + g + "' is neither a number nor auto");
        }
        return java.util.List.of();
    }

    @Override public Payload apply(Payload input, StepContext ctx) {
        Config c = ctx.parameters(Config.class);
        Raster in = (Raster) input;
        int cols, rows;
        if (in.width() >= in.height()) {
            cols = c.cells();
            rows = Math.max(1, (int) Math.round((double) c.cells() * in.height() / in.width()));
        } else {
            rows = c.cells();
            cols = Math.max(1, (int) Math.round((double) c.cells() * in.width() / in.height()));
        }
        double scale = Math.min(c.width_mm() / cols, c.height_mm() / rows);
        if (c.frequency_max() != 0 && c.frequency_max() < c.frequency()) {
            throw new IllegalArgumentException("parameter frequency.max (" + c.frequency_max() + ") is below frequency (" + c.frequency()
                    + "); set it higher for denser waves in dark cells, or 0 to turn modulation off");
        }
        LinePath.Layout layout = new LinePath.Layout(cols, rows, cols * scale, rows * scale, Wave.of(c.wave()), c.frequency(),
                c.frequency_max() == 0 ? c.frequency() : c.frequency_max(), c.points_per_period(), c.serpentine(), c.max_segment_mm());
        Tone tone = Tone.of(in.pixels(), in.width(), in.height(), cols, rows, JUDGE_SCALE, c.contrast().equals("local"));
        boolean spiral = c.style().equals("spiral");
        ctx.progress(0.1);
        double gamma;
        Map<String, Object> stats = new LinkedHashMap<>();
        if (c.gamma().trim().equalsIgnoreCase("auto")) {
            Spi.Result r = tune(tone, layout, spiral, c.line_width_mm(), ctx);
            gamma = r.x();
            Map<String, Object> trace = trace(r);
            ctx.attach(TRACE, trace);
            ctx.attach(PLOT, Raster.fromImage(TracePlot.render(trace, in.source().name()), in.source()));
            stats.put("evaluations", r.evaluations());
            // the first evaluation is the default gamma's (Spi's include): the search never ends worse than it
            double atDefault = 1 - r.evaluated().get(0).fx();
            stats.put("ssim.gamma.default", atDefault);
            ctx.log(String.format(Locale.ROOT, "gamma auto: %.3f after %d evaluations (SSIM %.3f; at gamma %.1f: %.3f)", gamma, r.evaluations(),
                    1 - r.fx(), DEFAULT_GAMMA, atDefault));
            if (r.stoppedAtBound()) {
                stats.put("gamma.at.bound", r.atBound());
                ctx.log(String.format(Locale.ROOT, "warning: gamma auto stopped at the edge of its range (%.2f): the best gamma may lie beyond it, "
                        + "and the drawing may not read as the photo; try a fixed gamma (e.g. gamma=0.7 or 2.5) and compare", r.atBound()));
            }
        } else {
            try {
                gamma = Double.parseDouble(c.gamma().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("parameter gamma: '" + c.gamma() + "' is neither a number nor auto");
            }
            if (!(gamma > 0 && gamma <= 10)) throw new IllegalArgumentException("parameter gamma: " + gamma + " is outside 0 .. 10 (1.5 is usual; or auto)");
        }
        double[][] xy = path(tone.darkness(gamma), layout, spiral);
        ctx.progress(0.9);
        Drawing.Polyline line = new Drawing.Polyline(xy[0], xy[1]);
        double ssim = 1 - judge(tone, layout, xy, c.line_width_mm());
        double seconds = MotionTime.seconds(List.of(line), c.feed(), c.acceleration(), 0.01);
        stats.put("gamma", gamma);
        stats.put("ssim", ssim);
        stats.put("cells", cols + "x" + rows);
        stats.put("path.mm", line.length());
        stats.put("points", line.size());
        stats.put("seconds", seconds);
        ctx.attach(STATS, stats);
        // no drawing time here: the outputs that know the machine (G-code, cnc) give the one estimate, with its profile
        ctx.log(String.format(Locale.ROOT, "%dx%d cells%s, gamma %.3f, SSIM %.3f, path %.0f mm, %d points", cols, rows, spiral ? " (spiral)" : "", gamma, ssim,
                line.length(), line.size()));
        return new Drawing(layout.widthMm(), layout.heightMm(), List.of(line), in.source());
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60) : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    /** The seed's fixed gamma, and the default: gamma auto evaluates it first and never ends worse than it. */
    static final double DEFAULT_GAMMA = 1.5;

    static double[][] path(double[] darkness, LinePath.Layout layout, boolean spiral) {
        return spiral ? Spiral.build(darkness, layout) : LinePath.build(darkness, layout);
    }

    /** 1 - the drawing's perceptual score against the photo ({@link Perceptual}): lower is better, 0 a perfect match. */
    static double judge(Tone tone, LinePath.Layout layout, double[][] xy, double lineWidthMm) {
        int w = tone.cols * tone.scale, h = tone.rows * tone.scale;
        float[] cov = InkRenderer.render(xy, layout.widthMm(), layout.heightMm(), w, h, lineWidthMm);
        return 1 - tone.reference.score(cov, w);
    }

    static Spi.Result tune(Tone tone, LinePath.Layout layout, double lineWidthMm, StepContext ctx) {
        return tune(tone, layout, false, lineWidthMm, ctx);
    }

    static Spi.Result tune(Tone tone, LinePath.Layout layout, boolean spiral, double lineWidthMm, StepContext ctx) {
        return Spi.minimize(g -> {
            if (ctx != null) ctx.checkCancelled();
            return judge(tone, layout, path(tone.darkness(g), layout, spiral), lineWidthMm);
        }, 0.5, 2.5, 0.2, 5, 1e-3, 3, 42, 25, DEFAULT_GAMMA);
    }

    static Map<String, Object> trace(Spi.Result r) {
        List<Map<String, Object>> evaluations = new ArrayList<>();
        for (Spi.Evaluation e : r.evaluated()) evaluations.add(Map.of("start", e.start(), "gamma", e.x(), "error", e.fx()));
        List<Map<String, Object>> parabolas = new ArrayList<>();
        for (Spi.Parabola p : r.parabolas()) parabolas.add(Map.of("start", p.start(), "a", p.a(), "b", p.b(), "c", p.c(), "vertex", p.vertex()));
        return r.stoppedAtBound() ? Map.of("evaluations", evaluations, "parabolas", parabolas, "best", r.x(), "atBound", r.atBound())
                : Map.of("evaluations", evaluations, "parabolas", parabolas, "best", r.x());
    }
}
