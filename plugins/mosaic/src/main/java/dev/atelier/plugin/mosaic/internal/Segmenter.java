package dev.atelier.plugin.mosaic.internal;

import boofcv.alg.filter.binary.BinaryImageOps;
import boofcv.alg.filter.binary.GThresholdImageOps;
import boofcv.alg.filter.binary.ThresholdImageOps;
import boofcv.alg.filter.blur.GBlurImageOps;
import boofcv.struct.ConnectRule;
import boofcv.struct.image.GrayF32;
import boofcv.struct.image.GrayS32;
import boofcv.struct.image.GrayU8;
import dev.atelier.plugin.dither.api.Colour;
import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the candies in a photo of candies on white paper (taken with a flash) and cuts one tile per candy,
 * as the original project did with BoofCV: a grey image, blurred, thresholded (Otsu), eroded then dilated
 * to drop specks, then contours. Two steps go beyond that, for real photos:
 * <ul>
 * <li>The grey image is each pixel's OKLab distance from the paper around it, not plain lightness: a yellow
 * or white candy is nearly as light as paper, and uneven light makes paper darker at the edges. The paper's
 * lightness is taken as the local maximum over blocks about a candy wide, smoothed.</li>
 * <li>Holes are filled (a pale candy's printed letter and highlight are candy, not paper).</li>
 * <li>Touching candies, which their shadows join into one blob, are split: a blob of about k typical
 * candies' area is cut in k by k-means on its pixels' positions. (Eroding until they part was tried first:
 * the shadows between them keep the neck too wide.)</li>
 * <li>Colours are judged after a flat-field correction by the paper's local brightness, so a white candy in
 * the dim corner is not taken for a grey or orange one.</li>
 * </ul>
 */
final class Segmenter {
    /** One candy: its colour (nearest candy colour to its median OKLab, flat-fielded), box, area, centre, median sRGB and label. */
    record Found(int colour, int x0, int y0, int x1, int y1, int area, double cx, double cy, int medianRgb, int label) { }

    record Result(List<Found> candies, GrayS32 labels, double threshold, int paperRgb) { }

    /** The luminance paper is taken to have once the light is evened out. */
    static final double PAPER_WHITE = 0.95;

    private Segmenter() { }

    static Result find(BufferedImage photo) {
        int w = photo.getWidth(), h = photo.getHeight();
        int[] rgb = photo.getRGB(0, 0, w, h, null, 0, w);
        float[] L = new float[w * h], A = new float[w * h], B = new float[w * h];
        double[] lab = new double[3];
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            Colour.oklab(Colour.linear(p >> 16), Colour.linear(p >> 8), Colour.linear(p), lab);
            L[i] = (float) lab[0];
            A[i] = (float) lab[1];
            B[i] = (float) lab[2];
        }
        int block = Math.max(8, Math.min(w, h) / 12);
        // the paper's lightness from a blurred copy, or the block maxima would be the noise's peaks
        GrayF32 lightness = new GrayF32(w, h);
        System.arraycopy(L, 0, lightness.data, 0, L.length);
        float[] paper = localPaper(GBlurImageOps.gaussian(lightness, null, 2.0, -1, null).data, w, h, block);
        GrayF32 grey = new GrayF32(w, h);
        for (int i = 0; i < L.length; i++) {
            float dl = Math.max(0, paper[i] - L[i]);
            // on a 0..255 scale: BoofCV's Otsu histograms a float image in whole-number bins
            grey.data[i] = (float) Math.min(255, 255 * Math.sqrt(dl * dl + A[i] * A[i] + B[i] * B[i]));
        }
        GrayF32 blurred = GBlurImageOps.gaussian(grey, null, 1.5, -1, null);
        double t = threshold(blurred);
        GrayU8 mask = ThresholdImageOps.threshold(blurred, null, (float) t, false);
        // erosion then dilation: specks of noise and dust go, candies stay
        GrayU8 opened = fillHoles(BinaryImageOps.dilate8(BinaryImageOps.erode8(mask, 2, null), 2, null));

        // a typical candy's radius, from the blobs (most are single candies)
        GrayS32 blobs = new GrayS32(w, h);
        List<boofcv.alg.filter.binary.Contour> contours = BinaryImageOps.contour(opened, ConnectRule.EIGHT, blobs);
        int[] areas = new int[contours.size() + 1];
        for (int i = 0; i < blobs.data.length; i++) areas[blobs.data[i]]++;
        int[] sorted = Arrays.stream(areas, 1, areas.length).filter(a -> a > 20).sorted().toArray();
        if (sorted.length == 0) return new Result(List.of(), blobs, t, medianPaper(rgb, opened));
        double radius = Math.sqrt(sorted[sorted.length / 2] / Math.PI);

        GrayS32 labels = splitTouching(blobs, contours.size(), Math.PI * radius * radius);
        int nSeeds = 0;
        for (int v : labels.data) nSeeds = Math.max(nSeeds, v);

        fillConvex(labels, nSeeds);

        // measure each candy
        int n = nSeeds + 1;
        int[] area = new int[n], x0 = new int[n], y0 = new int[n], x1 = new int[n], y1 = new int[n];
        double[] sx = new double[n], sy = new double[n];
        Arrays.fill(x0, Integer.MAX_VALUE);
        Arrays.fill(y0, Integer.MAX_VALUE);
        Arrays.fill(x1, -1);
        Arrays.fill(y1, -1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int k = labels.data[y * w + x];
                if (k == 0) continue;
                area[k]++;
                sx[k] += x;
                sy[k] += y;
                x0[k] = Math.min(x0[k], x);
                y0[k] = Math.min(y0[k], y);
                x1[k] = Math.max(x1[k], x);
                y1[k] = Math.max(y1[k], y);
            }
        }
        double typical = Math.PI * radius * radius;
        List<Found> found = new ArrayList<>();
        for (int k = 1; k < n; k++) {
            if (area[k] < typical * 0.25) continue; // a fragment, not a candy
            double cx = sx[k] / area[k], cy = sy[k] / area[k];
            int median = medianColour(rgb, paper, labels, w, k, cx, cy, radius * 0.6);
            found.add(new Found(Candy.nearest(median), x0[k], y0[k], x1[k] + 1, y1[k] + 1, area[k], cx, cy, median, k));
        }
        return new Result(found, labels, t, medianPaper(rgb, opened));
    }

    /**
     * Where candy begins: Otsu's threshold splits the strongly coloured candies from the rest when the
     * colours are varied, so it is capped at the paper's own spread (most pixels are paper: their median
     * plus ten robust standard deviations, and at least 6 of 255).
     */
    static double threshold(GrayF32 grey) {
        double otsu = GThresholdImageOps.computeOtsu(grey, 0, 255);
        float[] v = grey.data.clone();
        Arrays.sort(v);
        double median = v[v.length / 2];
        float[] dev = new float[v.length];
        for (int i = 0; i < v.length; i++) dev[i] = (float) Math.abs(v[i] - median);
        Arrays.sort(dev);
        double sigma = 1.4826 * dev[dev.length / 2];
        return Math.min(otsu, Math.max(6, median + 10 * sigma));
    }

    /** The paper's lightness around each pixel: the brightest in each block, the block grid smoothed and spread bilinearly. */
    static float[] localPaper(float[] L, int w, int h, int block) {
        int bw = (w + block - 1) / block, bh = (h + block - 1) / block;
        float[] max = new float[bw * bh];
        Arrays.fill(max, -1);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
            int b = (y / block) * bw + x / block;
            max[b] = Math.max(max[b], L[y * w + x]);
        }
        // a block covered by a candy sees no paper: take the brightest of its neighbours too
        float[] spread = new float[max.length];
        for (int by = 0; by < bh; by++) for (int bx = 0; bx < bw; bx++) {
            float m = -1;
            for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) {
                int yy = by + dy, xx = bx + dx;
                if (yy >= 0 && yy < bh && xx >= 0 && xx < bw) m = Math.max(m, max[yy * bw + xx]);
            }
            spread[by * bw + bx] = m;
        }
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            double fy = Math.max(0, Math.min(bh - 1, (y + 0.5) / block - 0.5));
            int yA = (int) fy, yB = Math.min(bh - 1, yA + 1);
            double ty = fy - yA;
            for (int x = 0; x < w; x++) {
                double fx = Math.max(0, Math.min(bw - 1, (x + 0.5) / block - 0.5));
                int xA = (int) fx, xB = Math.min(bw - 1, xA + 1);
                double tx = fx - xA;
                out[y * w + x] = (float) ((1 - ty) * ((1 - tx) * spread[yA * bw + xA] + tx * spread[yA * bw + xB])
                        + ty * ((1 - tx) * spread[yB * bw + xA] + tx * spread[yB * bw + xB]));
            }
        }
        return out;
    }

    /**
     * Sets every pixel the border cannot reach through the background: the printed letter and the
     * highlight of a pale candy are inside it, not paper.
     */
    static GrayU8 fillHoles(GrayU8 mask) {
        int w = mask.width, h = mask.height;
        byte[] outside = new byte[w * h];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int x = 0; x < w; x++) {
            queue.add(x);
            queue.add((h - 1) * w + x);
        }
        for (int y = 0; y < h; y++) {
            queue.add(y * w);
            queue.add(y * w + w - 1);
        }
        while (!queue.isEmpty()) {
            int i = queue.poll();
            if (outside[i] != 0 || mask.data[i] != 0) continue;
            outside[i] = 1;
            int x = i % w, y = i / w;
            if (x > 0) queue.add(i - 1);
            if (x < w - 1) queue.add(i + 1);
            if (y > 0) queue.add(i - w);
            if (y < h - 1) queue.add(i + w);
        }
        GrayU8 out = new GrayU8(w, h);
        for (int i = 0; i < out.data.length; i++) out.data[i] = (byte) (outside[i] == 0 ? 1 : 0);
        return out;
    }

    /**
     * Gives each candy the paper pixels inside its convex hull: a white candy's body is hardly darker than
     * paper, so its mask can be a broken ring that hole filling cannot close; a candy is convex.
     */
    static void fillConvex(GrayS32 labels, int count) {
        int w = labels.width, h = labels.height;
        List<List<int[]>> pts = new ArrayList<>();
        for (int k = 0; k <= count; k++) pts.add(new ArrayList<>());
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
            int k = labels.data[y * w + x];
            if (k > 0) pts.get(k).add(new int[] {x, y});
        }
        for (int k = 1; k <= count; k++) {
            List<int[]> hull = hull(pts.get(k));
            if (hull.size() < 3) continue;
            java.awt.Polygon poly = new java.awt.Polygon();
            for (int[] p : hull) poly.addPoint(p[0], p[1]);
            java.awt.Rectangle b = poly.getBounds();
            for (int y = Math.max(0, b.y); y <= Math.min(h - 1, b.y + b.height); y++) {
                for (int x = Math.max(0, b.x); x <= Math.min(w - 1, b.x + b.width); x++) {
                    if (labels.data[y * w + x] == 0 && poly.contains(x + 0.5, y + 0.5)) labels.data[y * w + x] = k;
                }
            }
        }
    }

    /** Andrew's monotone chain: the convex hull of points, counter-clockwise. */
    static List<int[]> hull(List<int[]> points) {
        List<int[]> p = new ArrayList<>(points);
        p.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
        if (p.size() < 3) return p;
        int[][] out = new int[2 * p.size()][];
        int k = 0;
        for (int[] q : p) {
            while (k >= 2 && cross(out[k - 2], out[k - 1], q) <= 0) k--;
            out[k++] = q;
        }
        for (int i = p.size() - 2, t = k + 1; i >= 0; i--) {
            int[] q = p.get(i);
            while (k >= t && cross(out[k - 2], out[k - 1], q) <= 0) k--;
            out[k++] = q;
        }
        return new ArrayList<>(Arrays.asList(out).subList(0, k - 1));
    }

    private static long cross(int[] o, int[] a, int[] b) {
        return (long) (a[0] - o[0]) * (b[1] - o[1]) - (long) (a[1] - o[1]) * (b[0] - o[0]);
    }

    /**
     * Blobs of about k candies' area (k >= 2: candies that touch, often joined by their shadows) are
     * split in k by k-means on their pixels' coordinates, started from points far apart.
     */
    static GrayS32 splitTouching(GrayS32 blobs, int count, double typicalArea) {
        int w = blobs.width;
        List<List<Integer>> pixels = new ArrayList<>();
        for (int k = 0; k <= count; k++) pixels.add(new ArrayList<>());
        for (int i = 0; i < blobs.data.length; i++) if (blobs.data[i] > 0) pixels.get(blobs.data[i]).add(i);
        GrayS32 out = new GrayS32(blobs.width, blobs.height);
        int next = 1;
        for (int k = 1; k <= count; k++) {
            List<Integer> px = pixels.get(k);
            int parts = (int) Math.max(1, Math.round(px.size() / typicalArea));
            if (parts == 1) {
                for (int i : px) out.data[i] = next;
                next++;
                continue;
            }
            double[] cx = new double[parts], cy = new double[parts];
            // farthest-point start: the pixel farthest from the blob's centre, then the farthest from those chosen
            double mx = 0, my = 0;
            for (int i : px) {
                mx += i % w;
                my += i / w;
            }
            mx /= px.size();
            my /= px.size();
            for (int c = 0; c < parts; c++) {
                double best = -1;
                for (int i : px) {
                    double x = i % w, y = i / w, d = Double.MAX_VALUE;
                    if (c == 0) d = Math.hypot(x - mx, y - my);
                    for (int e = 0; e < c; e++) d = Math.min(d, Math.hypot(x - cx[e], y - cy[e]));
                    if (d > best) {
                        best = d;
                        cx[c] = x;
                        cy[c] = y;
                    }
                }
            }
            int[] assign = new int[px.size()];
            for (int iter = 0; iter < 20; iter++) {
                double[] sx = new double[parts], sy = new double[parts];
                int[] n = new int[parts];
                for (int j = 0; j < px.size(); j++) {
                    double x = px.get(j) % w, y = px.get(j) / w;
                    int bestC = 0;
                    double bd = Double.MAX_VALUE;
                    for (int c = 0; c < parts; c++) {
                        double d = (x - cx[c]) * (x - cx[c]) + (y - cy[c]) * (y - cy[c]);
                        if (d < bd) {
                            bd = d;
                            bestC = c;
                        }
                    }
                    assign[j] = bestC;
                    sx[bestC] += x;
                    sy[bestC] += y;
                    n[bestC]++;
                }
                for (int c = 0; c < parts; c++) if (n[c] > 0) {
                    cx[c] = sx[c] / n[c];
                    cy[c] = sy[c] / n[c];
                }
            }
            for (int j = 0; j < px.size(); j++) out.data[px.get(j)] = next + assign[j];
            next += parts;
        }
        return out;
    }

    /** Median sRGB (per OKLab channel) of a candy's pixels within {@code r} of its centre: rim, shadow and print barely move it. */
    private static int medianColour(int[] rgb, float[] paperL, GrayS32 labels, int w, int k, double cx, double cy, double r) {
        List<double[]> labs = new ArrayList<>();
        int xa = (int) Math.floor(cx - r), xb = (int) Math.ceil(cx + r), ya = (int) Math.floor(cy - r), yb = (int) Math.ceil(cy + r);
        for (int y = Math.max(0, ya); y <= yb && y < labels.height; y++) {
            for (int x = Math.max(0, xa); x <= xb && x < w; x++) {
                if (labels.data[y * w + x] != k || (x - cx) * (x - cx) + (y - cy) * (y - cy) > r * r) continue;
                // flat-field: divide by the light falling there (the paper's luminance), so a white candy in a dim corner is still white
                int i = y * w + x, p = rgb[i];
                double gain = PAPER_WHITE / Math.max(0.05, Math.pow(paperL[i], 3));
                double[] lab = new double[3];
                Colour.oklab(Colour.linear(p >> 16) * gain, Colour.linear(p >> 8) * gain, Colour.linear(p) * gain, lab);
                labs.add(lab);
            }
        }
        if (labs.isEmpty()) return 0;
        double[] m = new double[3];
        for (int ch = 0; ch < 3; ch++) {
            int c = ch;
            double[] v = labs.stream().mapToDouble(a -> a[c]).sorted().toArray();
            m[ch] = v[v.length / 2];
        }
        return Colour.rgbFromOklab(m[0], m[1], m[2]);
    }

    private static int medianPaper(int[] rgb, GrayU8 mask) {
        List<Integer> greys = new ArrayList<>();
        for (int i = 0; i < rgb.length; i += 7) if (mask.data[i] == 0) greys.add(rgb[i]);
        if (greys.isEmpty()) return 0xFFFFFF;
        greys.sort((a, b) -> Double.compare(Colour.luminance(a), Colour.luminance(b)));
        return greys.get(greys.size() / 2);
    }

    /**
     * A square tile of one candy: centred on it, as wide as its larger side plus a margin, transparent
     * outside its pixels (edges softened by a pixel), reduced to {@code size} in linear light.
     */
    static BufferedImage tile(BufferedImage photo, Result r, Found f, int size) {
        int side = Math.max(f.x1() - f.x0(), f.y1() - f.y0()) + 4;
        int left = (int) Math.round(f.cx() - side / 2.0), top = (int) Math.round(f.cy() - side / 2.0);
        int w = photo.getWidth(), h = photo.getHeight();
        BufferedImage crop = new BufferedImage(side, side, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int px = left + x, py = top + y;
                if (px < 0 || py < 0 || px >= w || py >= h) continue;
                if (r.labels().data[py * w + px] != f.label()) continue;
                crop.setRGB(x, y, 0xFF000000 | photo.getRGB(px, py) & 0xFFFFFF);
            }
        }
        return Argb.reduce(crop, size);
    }
}
