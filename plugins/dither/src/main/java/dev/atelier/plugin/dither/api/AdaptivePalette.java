package dev.atelier.plugin.dither.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * N colours chosen from an image: median cut in OKLab to start, then k-means (Lloyd's iterations) in
 * OKLab to refine. Median cut alone splits boxes at medians along one axis, which is fast and spreads
 * colours over the image's range but does not minimise anything; k-means minimises the mean squared
 * OKLab distance from each pixel to its colour, which is the error the eye sees before dithering.
 * Started from median cut, k-means needs no random restarts and gives the same palette every run.
 * OKLab rather than RGB, because there equal distances look equally different, so the colours are
 * not spent on shades of green the eye cannot tell apart. At most 65 536 pixels, spread evenly over
 * the image, are used, which keeps a 12 MP photo at a few tens of milliseconds.
 */
public final class AdaptivePalette {
    static final int MAX_SAMPLES = 65_536;
    static final int ITERATIONS = 12;

    private AdaptivePalette() { }

    /** A palette of at most {@code n} colours (fewer when the image has fewer), never fewer than 2. */
    public static Palette of(int[] rgb, int n) {
        return of(rgb, n, true);
    }

    /** @param refine false: median cut only (for comparison) */
    public static Palette of(int[] rgb, int n, boolean refine) {
        if (n < 2 || n > 256) throw new IllegalArgumentException("an adaptive palette has 2..256 colours, not " + n);
        if (rgb.length == 0) throw new IllegalArgumentException("an adaptive palette needs an image with pixels");
        float[][] samples = samples(rgb);
        List<float[]> centres = medianCut(samples, n);
        if (refine) kMeans(samples, centres);
        Set<Integer> colours = new LinkedHashSet<>();
        for (float[] c : centres) colours.add(Colour.rgbFromOklab(c[0], c[1], c[2]));
        if (colours.size() == 1) { // a flat image: add the far end so the palette is valid; it goes unused
            int only = colours.iterator().next();
            colours.add(Colour.luminance(only) > 0.18 ? 0x000000 : 0xFFFFFF);
        }
        List<Integer> sorted = new ArrayList<>(colours);
        sorted.sort(Comparator.comparingDouble(Colour::luminance));
        return Palette.of("adaptive" + n, sorted.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Mean squared OKLab distance from each sample pixel to its nearest palette colour. */
    public static double meanSquaredError(int[] rgb, Palette palette) {
        float[][] samples = samples(rgb);
        List<float[]> centres = new ArrayList<>();
        for (int c : palette.colours()) {
            double[] lab = Colour.oklab(c);
            centres.add(new float[] {(float) lab[0], (float) lab[1], (float) lab[2]});
        }
        double sum = 0;
        for (float[] s : samples) sum += dist(s, centres.get(nearest(s, centres)));
        return sum / samples.length;
    }

    private static float[][] samples(int[] rgb) {
        int count = Math.min(rgb.length, MAX_SAMPLES);
        float[][] s = new float[count][];
        double[] lab = new double[3];
        for (int i = 0; i < count; i++) {
            int p = rgb[(int) ((long) i * rgb.length / count)];
            Colour.oklab(Colour.linear(p >> 16), Colour.linear(p >> 8), Colour.linear(p), lab);
            s[i] = new float[] {(float) lab[0], (float) lab[1], (float) lab[2]};
        }
        return s;
    }

    /** Splits the box with the largest squared error at the median of its widest axis, until n boxes. */
    private static List<float[]> medianCut(float[][] samples, int n) {
        List<float[][]> boxes = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        boxes.add(samples);
        errors.add(squaredError(samples));
        while (boxes.size() < n) {
            int worst = -1;
            for (int i = 0; i < boxes.size(); i++) {
                if (errors.get(i) > 0 && (worst < 0 || errors.get(i) > errors.get(worst))) worst = i;
            }
            if (worst < 0) break; // every box is one colour
            float[][] box = boxes.remove(worst);
            errors.remove(worst);
            int axis = widestAxis(box);
            java.util.Arrays.sort(box, Comparator.comparingDouble(s -> s[axis]));
            int mid = box.length / 2;
            for (float[][] half : List.of(java.util.Arrays.copyOfRange(box, 0, mid), java.util.Arrays.copyOfRange(box, mid, box.length))) {
                boxes.add(half);
                errors.add(squaredError(half));
            }
        }
        List<float[]> centres = new ArrayList<>();
        for (float[][] b : boxes) centres.add(mean(b));
        return centres;
    }

    private static void kMeans(float[][] samples, List<float[]> centres) {
        int k = centres.size();
        int[] assignment = new int[samples.length];
        for (int it = 0; it < ITERATIONS; it++) {
            double[][] sum = new double[k][3];
            int[] count = new int[k];
            boolean changed = false;
            for (int i = 0; i < samples.length; i++) {
                int c = nearest(samples[i], centres);
                if (c != assignment[i]) changed = true;
                assignment[i] = c;
                count[c]++;
                for (int d = 0; d < 3; d++) sum[c][d] += samples[i][d];
            }
            for (int c = 0; c < k; c++) {
                if (count[c] == 0) continue; // an empty cluster keeps its centre
                centres.set(c, new float[] {(float) (sum[c][0] / count[c]), (float) (sum[c][1] / count[c]), (float) (sum[c][2] / count[c])});
            }
            if (!changed && it > 0) break;
        }
    }

    private static int nearest(float[] s, List<float[]> centres) {
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int c = 0; c < centres.size(); c++) {
            double d = dist(s, centres.get(c));
            if (d < bestD) { bestD = d; best = c; }
        }
        return best;
    }

    private static double dist(float[] a, float[] b) {
        double dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
        return dx * dx + dy * dy + dz * dz;
    }

    private static float[] mean(float[][] box) {
        double[] m = new double[3];
        for (float[] s : box) for (int d = 0; d < 3; d++) m[d] += s[d];
        return new float[] {(float) (m[0] / box.length), (float) (m[1] / box.length), (float) (m[2] / box.length)};
    }

    private static double squaredError(float[][] box) {
        float[] m = mean(box);
        double e = 0;
        for (float[] s : box) e += dist(s, m);
        return e;
    }

    private static int widestAxis(float[][] box) {
        float[] lo = {Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE}, hi = {-Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE};
        for (float[] s : box) for (int d = 0; d < 3; d++) { lo[d] = Math.min(lo[d], s[d]); hi[d] = Math.max(hi[d], s[d]); }
        int axis = 0;
        for (int d = 1; d < 3; d++) if (hi[d] - lo[d] > hi[axis] - lo[axis]) axis = d;
        return axis;
    }
}
