package dev.atelier.plugin.mosaic.internal;

import dev.atelier.api.Raster;
import dev.atelier.plugin.dither.api.Colour;
import dev.atelier.plugin.dither.api.Kernel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * Chooses a tile and a rotation for every cell and renders the mosaic.
 *
 * <p>Each cell and each candidate (a tile in one of its rotations, composited on the background) is
 * reduced to {@code matchPx} x {@code matchPx} samples in OKLab, and the candidate with the least sum of
 * squared differences wins: the comparison sees the candy's shading, its printed letter and the gaps
 * between candies, not only its mean colour. With {@code ||c - t||² = ||c||² - 2 c·t + ||t||²}, and
 * ||c||² the same for every candidate of a cell, each candidate costs one dot product.
 *
 * <p>Dithered: cells are visited in serpentine order and each one's error (the cell's mean in linear light
 * minus the chosen candidate's) is passed to its neighbours with an error-diffusion kernel from the dither
 * bundle, so that light pink becomes a mix of pink and white candies.
 */
final class MosaicEngine {
    enum Matching { PIXELS, MEAN }

    /** @param band the share of a pitch a candy takes vertically: 1 from the top, thickness / width on its side ({@link Layout}) */
    record Settings(Layout.Kind layout, int candies, int matchPx, Matching matching, boolean dither, Kernel kernel, boolean rotations,
                    int background, boolean[] allowed, long[] stock, double band) {
        Settings(Layout.Kind layout, int candies, int matchPx, Matching matching, boolean dither, Kernel kernel, boolean rotations,
                 int background, boolean[] allowed, long[] stock) {
            this(layout, candies, matchPx, matching, dither, kernel, rotations, background, allowed, stock, 1);
        }

        Settings withBand(double b) {
            return new Settings(layout, candies, matchPx, matching, dither, kernel, rotations, background, allowed, stock, b);
        }
    }

    /** Per cell (row-major): candy colour, tile index in the library, quarter turns; counts per colour; the picture. */
    record Result(Layout layout, int[] colour, int[] tile, int[] rotation, long[] counts, int[] rgb, int board) { }

    /** The largest picture drawn (1.6 GB of pixels). */
    static final long MAX_PIXELS = 400_000_000L;

    /** Background value meaning: try a white and a dark board, keep the closer. */
    static final int AUTO = -1;
    static final int WHITE_BOARD = 0xFFFFFF, DARK_BOARD = 0x202020;

    /** A tile in one rotation, as the matcher sees it. */
    private record Candidate(int tile, int colour, int rotation, float[] lab, float norm2, double[] meanLinear) { }

    private static final float[] LINEAR = new float[256];
    private static final byte[] TO_SRGB = new byte[4097];

    static {
        for (int i = 0; i < 256; i++) LINEAR[i] = Colour.linear(i);
        for (int i = 0; i <= 4096; i++) TO_SRGB[i] = (byte) Colour.srgb(i / 4096.0);
    }

    private MosaicEngine() { }

    static Result run(Raster in, TileLibrary lib, Settings s, BooleanSupplier cancelled) {
        Layout layout = Layout.forImage(s.layout(), in.width(), in.height(), s.candies(), lib.size, s.band());
        if ((long) layout.width() * layout.height() > MAX_PIXELS) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the mosaic would be %d x %d pixels (%d x %d candies of %d px); "
                    + "lower candies or tile.px", layout.width(), layout.height(), layout.cols, layout.rows, lib.size));
        }
        int m = Math.min(s.matchPx(), lib.size);
        Sampler sampler = new Sampler(in, layout, m);
        int cells = layout.cells(), nc = Candy.count();
        // with an automatic board, each board is tried and the one whose best candies differ least from the photo wins
        int[] boards = s.background() == AUTO ? new int[] {WHITE_BOARD, DARK_BOARD} : new int[] {s.background()};
        Matched matched = null;
        for (int board : boards) {
            List<Candidate> candidates = candidates(lib, s, m, board, layout.band);
            if (candidates.isEmpty()) throw new IllegalArgumentException("parameter colours: none of the allowed colours has a tile in the library");
            // dithering chooses as it goes: a full matching pass is needed only to choose the board
            Matched next = s.dither() && boards.length == 1 ? new Matched(board, candidates, null, null, 0)
                    : match(layout, sampler, candidates, s.matching(), board, cancelled);
            if (matched == null || next.total < matched.total) matched = next;
        }
        int[] colour = new int[cells], tile = new int[cells], rotation = new int[cells];
        if (s.dither()) {
            dither(layout, sampler, matched.candidates, s, colour, tile, rotation, cancelled);
        } else {
            int[] chosen = assign(matched.cost, cells, nc, s.stock());
            for (int cell = 0; cell < cells; cell++) {
                Candidate c = matched.candidates.get(matched.best[cell * nc + chosen[cell]]);
                colour[cell] = c.colour;
                tile[cell] = c.tile;
                rotation[cell] = c.rotation;
            }
        }
        long[] counts = new long[nc];
        for (int c : colour) counts[c]++;
        int[] rgb = render(layout, lib, colour, tile, rotation, matched.board);
        return new Result(layout, colour, tile, rotation, counts, rgb, matched.board);
    }

    /** Per cell, the best candidate of every colour and its cost (row-major, colours inner); the sum of the cells' best costs. */
    private record Matched(int board, List<Candidate> candidates, float[] cost, int[] best, double total) { }

    private static Matched match(Layout layout, Sampler sampler, List<Candidate> candidates, Matching matching, int board, BooleanSupplier cancelled) {
        int m = sampler.m, cells = layout.cells(), nc = Candy.count();
        float[] cost = new float[cells * nc];
        int[] best = new int[cells * nc];
        double[] rowTotal = new double[layout.rows];
        IntStream.range(0, layout.rows).parallel().forEach(row -> {
            if (cancelled.getAsBoolean()) return;
            float[] lin = new float[3 * m * m], lab = new float[3 * m * m];
            for (int col = 0; col < layout.cols; col++) {
                int cell = row * layout.cols + col;
                sampler.sample(row, col, lin);
                Arrays.fill(cost, cell * nc, cell * nc + nc, Float.MAX_VALUE);
                if (matching == Matching.MEAN) {
                    meanMatch(lin, candidates, cost, best, cell * nc);
                } else {
                    toLab(lin, lab);
                    for (int k = 0; k < candidates.size(); k++) {
                        Candidate c = candidates.get(k);
                        float v = c.norm2 - 2 * dot(lab, c.lab);
                        int at = cell * nc + c.colour;
                        if (v < cost[at]) {
                            cost[at] = v;
                            best[at] = k;
                        }
                    }
                }
                float min = Float.MAX_VALUE;
                for (int c = 0; c < nc; c++) min = Math.min(min, cost[cell * nc + c]);
                rowTotal[row] += min;
            }
        });
        if (cancelled.getAsBoolean()) throw new CancellationException("cancelled");
        return new Matched(board, candidates, cost, best, Arrays.stream(rowTotal).sum());
    }

    /** The naive baseline: the candy whose printed colour is nearest the cell's mean colour; first tile, unturned. */
    private static void meanMatch(float[] lin, List<Candidate> candidates, float[] cost, int[] best, int at) {
        double r = 0, g = 0, b = 0;
        int n = lin.length / 3;
        for (int i = 0; i < n; i++) {
            r += lin[3 * i];
            g += lin[3 * i + 1];
            b += lin[3 * i + 2];
        }
        double[] lab = new double[3];
        Colour.oklab(r / n, g / n, b / n, lab);
        for (int k = 0; k < candidates.size(); k++) {
            Candidate c = candidates.get(k);
            float d = meanDistance(lab, c);
            if (d < cost[at + c.colour]) {
                cost[at + c.colour] = d;
                best[at + c.colour] = k;
            }
        }
    }

    /**
     * The colour of each cell: its cheapest, or with a limited stock, the cheapest still in stock, giving
     * first pick to the cells that lose most by a second choice.
     */
    static int[] assign(float[] cost, int cells, int nc, long[] stock) {
        int[] chosen = new int[cells];
        if (stock == null) {
            for (int cell = 0; cell < cells; cell++) chosen[cell] = argmin(cost, cell * nc, nc, null);
            return chosen;
        }
        long have = Arrays.stream(stock).sum();
        if (have < cells) {
            throw new IllegalArgumentException("parameter stock: " + have + " candies for " + cells + " cells; add to the stock or ask for fewer candies");
        }
        Integer[] order = new Integer[cells];
        float[] regret = new float[cells];
        for (int cell = 0; cell < cells; cell++) {
            order[cell] = cell;
            float first = Float.MAX_VALUE, second = Float.MAX_VALUE;
            for (int c = 0; c < nc; c++) {
                float v = cost[cell * nc + c];
                if (v < first) {
                    second = first;
                    first = v;
                } else if (v < second) {
                    second = v;
                }
            }
            regret[cell] = second == Float.MAX_VALUE ? Float.MAX_VALUE : second - first;
        }
        Arrays.sort(order, (a, b) -> Float.compare(regret[b], regret[a]));
        long[] left = stock.clone();
        for (int cell : order) {
            int c = argmin(cost, cell * nc, nc, left);
            if (c < 0) throw new IllegalArgumentException("parameter stock: the colours in stock have no tiles; add tiles or stock");
            chosen[cell] = c;
            left[c]--;
        }
        return chosen;
    }

    /** The cheapest colour with a finite cost (and stock left, when counted), or -1. */
    private static int argmin(float[] cost, int at, int n, long[] left) {
        int best = -1;
        float bv = Float.MAX_VALUE;
        for (int c = 0; c < n; c++) {
            if (left != null && left[c] <= 0) continue;
            if (cost[at + c] < bv) {
                bv = cost[at + c];
                best = c;
            }
        }
        return best;
    }

    private static void dither(Layout layout, Sampler sampler, List<Candidate> candidates, Settings s, int[] colour, int[] tile, int[] rotation,
                               BooleanSupplier cancelled) {
        int m = sampler.m, cols = layout.cols, rows = layout.rows;
        Kernel kernel = s.kernel();
        int[][] taps = kernel.taps();
        float[] err = new float[layout.cells() * 3];
        float[] lin = new float[3 * m * m], lab = new float[3 * m * m];
        double reach = 0;
        for (Candidate a : candidates) {
            double nearest = Double.MAX_VALUE;
            for (Candidate b : candidates) {
                if (b.colour == a.colour) continue;
                nearest = Math.min(nearest, Math.sqrt(sq(a.meanLinear[0] - b.meanLinear[0]) + sq(a.meanLinear[1] - b.meanLinear[1])
                        + sq(a.meanLinear[2] - b.meanLinear[2])));
            }
            if (nearest != Double.MAX_VALUE) reach = Math.max(reach, nearest);
        }
        long[] left = s.stock() == null ? null : s.stock().clone();
        if (left != null && Arrays.stream(left).sum() < layout.cells()) {
            throw new IllegalArgumentException("parameter stock: " + Arrays.stream(left).sum() + " candies for " + layout.cells()
                    + " cells; add to the stock or ask for fewer candies");
        }
        for (int row = 0; row < rows; row++) {
            if (cancelled.getAsBoolean()) throw new CancellationException("cancelled");
            boolean back = (row & 1) == 1;
            for (int i = 0; i < cols; i++) {
                int col = back ? cols - 1 - i : i;
                int cell = row * cols + col;
                sampler.sample(row, col, lin);
                double mr = 0, mg = 0, mb = 0;
                for (int p = 0; p < m * m; p++) {
                    mr += lin[3 * p];
                    mg += lin[3 * p + 1];
                    mb += lin[3 * p + 2];
                }
                mr /= m * m;
                mg /= m * m;
                mb /= m * m;
                // the error carried here, at most the widest gap between neighbouring candy colours: on a white board
                // no candy is as dark as a shadow, and error that can never be paid back would pile up and tint
                // everything after it
                float er0 = err[3 * cell], eg0 = err[3 * cell + 1], eb0 = err[3 * cell + 2];
                double norm = Math.sqrt(er0 * er0 + eg0 * eg0 + eb0 * eb0);
                if (norm > reach) {
                    float f = (float) (reach / norm);
                    er0 *= f;
                    eg0 *= f;
                    eb0 *= f;
                }
                for (int p = 0; p < m * m; p++) {
                    lin[3 * p] += er0;
                    lin[3 * p + 1] += eg0;
                    lin[3 * p + 2] += eb0;
                }
                mr += er0;
                mg += eg0;
                mb += eb0;
                double[] cellLab = null;
                if (s.matching() == Matching.MEAN) {
                    cellLab = new double[3];
                    Colour.oklab(mr, mg, mb, cellLab);
                } else {
                    toLab(lin, lab);
                }
                int bestK = -1;
                float bv = Float.MAX_VALUE;
                for (int k = 0; k < candidates.size(); k++) {
                    Candidate c = candidates.get(k);
                    if (left != null && left[c.colour] <= 0) continue;
                    float v = cellLab != null ? meanDistance(cellLab, c) : c.norm2 - 2 * dot(lab, c.lab);
                    if (v < bv) {
                        bv = v;
                        bestK = k;
                    }
                }
                Candidate c = candidates.get(bestK);
                if (left != null) left[c.colour]--;
                colour[cell] = c.colour;
                tile[cell] = c.tile;
                rotation[cell] = c.rotation;
                double er = mr - c.meanLinear[0], eg = mg - c.meanLinear[1], eb = mb - c.meanLinear[2];
                for (int[] t : taps) {
                    int nx = col + (back ? -t[0] : t[0]), ny = row + t[1];
                    if (nx < 0 || nx >= cols || ny >= rows) continue;
                    float w = t[2] / (float) kernel.divisor();
                    int n = ny * cols + nx;
                    err[3 * n] += (float) (er * w);
                    err[3 * n + 1] += (float) (eg * w);
                    err[3 * n + 2] += (float) (eb * w);
                }
            }
        }
    }

    private static double sq(double v) {
        return v * v;
    }

    /** The naive measure: squared OKLab distance from the cell's mean colour to the candy's printed colour; unturned tiles only. */
    private static float meanDistance(double[] cellLab, Candidate c) {
        if (c.rotation != 0) return Float.MAX_VALUE;
        double[] p = Candy.lab(c.colour);
        return (float) (sq(cellLab[0] - p[0]) + sq(cellLab[1] - p[1]) + sq(cellLab[2] - p[2]));
    }

    static float dot(float[] a, float[] b) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int n = a.length, i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) s0 += a[i] * b[i];
        return (s0 + s1) + (s2 + s3);
    }

    /** Interleaved linear RGB samples to interleaved OKLab. */
    static void toLab(float[] lin, float[] lab) {
        double[] o = new double[3];
        for (int i = 0; i < lin.length; i += 3) {
            Colour.oklab(lin[i], lin[i + 1], lin[i + 2], o);
            lab[i] = (float) o[0];
            lab[i + 1] = (float) o[1];
            lab[i + 2] = (float) o[2];
        }
    }

    /** Each allowed tile in each rotation on this board; on their side (band below 1) only upright and half a turn, the band sampled. */
    private static List<Candidate> candidates(TileLibrary lib, Settings s, int m, int board, double band) {
        List<Candidate> out = new ArrayList<>();
        double br = LINEAR[board >> 16 & 0xFF], bg = LINEAR[board >> 8 & 0xFF], bb = LINEAR[board & 0xFF];
        for (int t = 0; t < lib.tiles.size(); t++) {
            Tile tile = lib.tiles.get(t);
            if (!s.allowed()[tile.colour]) continue;
            for (int r = 0; r < (s.rotations() ? 4 : 1); r++) {
                if (band < 1 && (r & 1) == 1) continue; // a bar turned a quarter would stand across its neighbours' rows
                int[] argb = tile.argb(r);
                int size = tile.size;
                double b0 = (1 - band) / 2 * size, b1 = (1 + band) / 2 * size;
                // the tile on the background, in linear light, at full size
                float[] full = new float[3 * size * size];
                double[] mean = new double[3];
                int inBand = 0;
                for (int i = 0; i < size * size; i++) {
                    int p = argb[i];
                    float a = (p >>> 24) / 255f;
                    full[3 * i] = (float) (a * LINEAR[p >> 16 & 0xFF] + (1 - a) * br);
                    full[3 * i + 1] = (float) (a * LINEAR[p >> 8 & 0xFF] + (1 - a) * bg);
                    full[3 * i + 2] = (float) (a * LINEAR[p & 0xFF] + (1 - a) * bb);
                    int y = i / size;
                    if (y + 0.5 >= b0 && y + 0.5 <= b1) {
                        for (int ch = 0; ch < 3; ch++) mean[ch] += full[3 * i + ch];
                        inBand++;
                    }
                }
                for (int ch = 0; ch < 3; ch++) mean[ch] /= Math.max(1, inBand);
                float[] lin = new float[3 * m * m];
                Sampler.area(full, size, size, 0, b0, size, b1, m, lin);
                float[] lab = new float[lin.length];
                toLab(lin, lab);
                out.add(new Candidate(t, tile.colour, r, lab, dot(lab, lab), mean));
            }
        }
        return out;
    }

    /** Composites the chosen tiles on the background in linear light; rows of one parity never overlap, so each parity is drawn in parallel. */
    static int[] render(Layout layout, TileLibrary lib, int[] colour, int[] tile, int[] rotation, int background) {
        int w = layout.width(), h = layout.height(), t = lib.size;
        int[] out = new int[Math.multiplyExact(w, h)];
        Arrays.fill(out, background & 0xFFFFFF);
        // on their side a candy's shadow reaches the next row's band: rows are drawn top to bottom, one after another
        boolean inOrder = layout.band < 1;
        for (int parity = 0; parity < (inOrder ? 1 : 2); parity++) {
            int first = parity, stride = inOrder ? 1 : 2;
            IntStream rowsOfPass = IntStream.range(0, inOrder ? layout.rows : (layout.rows + 1 - first) / 2);
            (inOrder ? rowsOfPass : rowsOfPass.parallel()).forEach(k -> {
                int row = first + stride * k;
                for (int col = 0; col < layout.cols; col++) {
                    int cell = row * layout.cols + col;
                    int[] argb = lib.tiles.get(tile[cell]).argb(rotation[cell]);
                    int x0 = layout.left(row, col), y0 = layout.top(row, col);
                    for (int y = 0; y < t; y++) {
                        int py = y0 + y;
                        if (py < 0 || py >= h) continue;
                        for (int x = 0; x < t; x++) {
                            int px = x0 + x;
                            if (px < 0 || px >= w) continue;
                            int p = argb[y * t + x];
                            int a = p >>> 24;
                            if (a == 0) continue;
                            int at = py * w + px;
                            if (a == 255) {
                                out[at] = p & 0xFFFFFF;
                                continue;
                            }
                            float af = a / 255f;
                            int q = out[at];
                            out[at] = srgb(af * LINEAR[p >> 16 & 0xFF] + (1 - af) * LINEAR[q >> 16 & 0xFF]) << 16
                                    | srgb(af * LINEAR[p >> 8 & 0xFF] + (1 - af) * LINEAR[q >> 8 & 0xFF]) << 8
                                    | srgb(af * LINEAR[p & 0xFF] + (1 - af) * LINEAR[q & 0xFF]);
                        }
                    }
                }
            });
        }
        return out;
    }

    private static int srgb(float linear) {
        return TO_SRGB[(int) (Math.max(0, Math.min(1, linear)) * 4096 + 0.5f)] & 0xFF;
    }

    /**
     * Area-average samples of the photo over each cell's window: the picture's pixel grid is laid over
     * the photo, and each of a cell's m x m samples averages the photo pixels its box covers (with
     * fractional weights at the edges), in linear light.
     */
    static final class Sampler {
        final int m;
        private final Raster in;
        private final Layout layout;
        private final double sx, sy;

        Sampler(Raster in, Layout layout, int m) {
            this.in = in;
            this.layout = layout;
            this.m = m;
            sx = in.width() / (double) layout.width();
            sy = in.height() / (double) layout.height();
        }

        void sample(int row, int col, float[] out) {
            double x0 = layout.left(row, col) * sx, y0 = layout.bandTop(row, col) * sy;
            double step = layout.tile / (double) m, stepY = layout.tile * layout.band / m;
            int[] px = in.pixels();
            int w = in.width(), h = in.height();
            for (int j = 0; j < m; j++) {
                double ya = Math.max(0, y0 + j * stepY * sy), yb = Math.min(h, y0 + (j + 1) * stepY * sy);
                if (yb <= ya) { // beyond the photo's edge (the last hexagonal row): take the edge row
                    ya = Math.min(h - 1, Math.max(0, ya));
                    yb = ya + 1;
                }
                for (int i = 0; i < m; i++) {
                    double xa = Math.max(0, x0 + i * step * sx), xb = Math.min(w, x0 + (i + 1) * step * sx);
                    if (xb <= xa) {
                        xa = Math.min(w - 1, Math.max(0, xa));
                        xb = xa + 1;
                    }
                    double r = 0, g = 0, b = 0, wsum = 0;
                    for (int y = (int) ya; y < yb; y++) {
                        double wy = Math.min(yb, y + 1) - Math.max(ya, y);
                        int rowAt = y * w;
                        for (int x = (int) xa; x < xb; x++) {
                            double wgt = wy * (Math.min(xb, x + 1) - Math.max(xa, x));
                            int p = px[rowAt + x];
                            r += wgt * LINEAR[p >> 16 & 0xFF];
                            g += wgt * LINEAR[p >> 8 & 0xFF];
                            b += wgt * LINEAR[p & 0xFF];
                            wsum += wgt;
                        }
                    }
                    int o = 3 * (j * m + i);
                    out[o] = (float) (r / wsum);
                    out[o + 1] = (float) (g / wsum);
                    out[o + 2] = (float) (b / wsum);
                }
            }
        }

        /** Area-average of an interleaved 3-channel float image's box [x0,x1)x[y0,y1) into m x m samples. */
        static void area(float[] img, int w, int h, double x0, double y0, double x1, double y1, int m, float[] out) {
            double stx = (x1 - x0) / m, sty = (y1 - y0) / m;
            for (int j = 0; j < m; j++) {
                double ya = y0 + j * sty, yb = y0 + (j + 1) * sty;
                for (int i = 0; i < m; i++) {
                    double xa = x0 + i * stx, xb = x0 + (i + 1) * stx;
                    double[] acc = new double[3];
                    double wsum = 0;
                    for (int y = (int) ya; y < yb && y < h; y++) {
                        double wy = Math.min(yb, y + 1) - Math.max(ya, y);
                        for (int x = (int) xa; x < xb && x < w; x++) {
                            double wgt = wy * (Math.min(xb, x + 1) - Math.max(xa, x));
                            for (int ch = 0; ch < 3; ch++) acc[ch] += wgt * img[3 * (y * w + x) + ch];
                            wsum += wgt;
                        }
                    }
                    for (int ch = 0; ch < 3; ch++) out[3 * (j * m + i) + ch] = (float) (acc[ch] / wsum);
                }
            }
        }
    }
}
