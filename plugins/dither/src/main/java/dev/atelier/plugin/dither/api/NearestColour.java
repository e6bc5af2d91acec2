package dev.atelier.plugin.dither.api;

/**
 * Finds the palette colour nearest to a colour given in linear light. Stateless after construction,
 * so one instance serves every thread. Palettes are small (2 to 256 colours), so a linear scan of
 * precomputed coordinates beats any index for the sizes that matter. Tried and dropped: a cache keyed
 * on the colour rounded to 8 bits (dithered values are noisy, so few lookups hit, and clamping the key
 * to the sRGB cube lost the out-of-gamut part of the error and doubled the blurred error on EGA), and
 * Orchard's search and a lightness-sorted search (both slower than the plain scan for 8-16 colours).
 */
public final class NearestColour {
    private final Palette palette;
    private final Matching matching;
    private final double[] coords; // 3 per palette colour, in the matching's space
    private final float[] labL, labA, labB; // OKLab in float, one array per coordinate
    private final float[] labNorm; // |c|^2 per colour, beside labL, labA, labB scaled by -2
    // the same ranking taken back through OKLab's second matrix, so it applies to the cube roots (l', m', s')
    // directly: per colour -2 M2^T c and |c|^2 + RANK_OFFSET, four floats side by side (one array, so the pixel
    // loops keep one register for it); |p|^2 stays below 6.6 for linear values in [MIN_VALUE, MAX_VALUE], so
    // every rank (|p - c|^2 - |p|^2 + RANK_OFFSET) is positive there. Padded to 4, 8 or 16 colours with copies
    // of the last one, which never win (same rank, higher index).
    private final float[] cone;
    static final float RANK_OFFSET = 8f;
    static final int BRANCH_FREE_COLOURS = 16;

    public NearestColour(Palette palette, Matching matching) {
        this.palette = palette;
        this.matching = matching;
        coords = new double[palette.size() * 3];
        double[] c = new double[3];
        for (int i = 0; i < palette.size(); i++) {
            int rgb = palette.colour(i);
            toSpace(Colour.linear(rgb >> 16), Colour.linear(rgb >> 8), Colour.linear(rgb), c);
            System.arraycopy(c, 0, coords, 3 * i, 3);
        }
        labL = new float[palette.size()];
        labA = new float[palette.size()];
        labB = new float[palette.size()];
        labNorm = new float[palette.size()];
        int n = palette.size() <= BRANCH_FREE_COLOURS ? palette.size() : 0;
        cone = new float[4 * (n == 0 ? 0 : n <= 4 ? 4 : n <= 8 ? 8 : 16)];
        for (int i = 0; i < palette.size(); i++) {
            double[] lab = Colour.oklab(palette.colour(i));
            labL[i] = (float) (-2 * lab[0]);
            labA[i] = (float) (-2 * lab[1]);
            labB[i] = (float) (-2 * lab[2]);
            labNorm[i] = (float) (lab[0] * lab[0] + lab[1] * lab[1] + lab[2] * lab[2]);
            if (i >= n) continue;
            cone[4 * i] = (float) (-2 * (0.2104542553 * lab[0] + 1.9779984951 * lab[1] + 0.0259040371 * lab[2]));
            cone[4 * i + 1] = (float) (-2 * (0.7936177850 * lab[0] - 2.4285922050 * lab[1] + 0.7827717662 * lab[2]));
            cone[4 * i + 2] = (float) (-2 * (-0.0040720468 * lab[0] + 0.4505937099 * lab[1] - 0.8086757660 * lab[2]));
            cone[4 * i + 3] = (float) (lab[0] * lab[0] + lab[1] * lab[1] + lab[2] * lab[2] + RANK_OFFSET);
        }
        for (int j = 4 * n; j < cone.length; j += 4) System.arraycopy(cone, 4 * (n - 1), cone, j, 4);
    }

    public Palette palette() { return palette; }
    public Matching matching() { return matching; }

    private void toSpace(double r, double g, double b, double[] out) {
        if (matching == Matching.OKLAB) Colour.oklab(r, g, b, out);
        else Ciede2000.lab(r, g, b, out);
    }

    /** Index of the nearest palette colour to linear RGB (r, g, b); values a little outside [0,1] are fine. */
    public int nearest(double r, double g, double b) {
        if (matching == Matching.OKLAB) { // inline, so the hot path allocates nothing
            double l = Colour.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
            double m = Colour.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
            double s = Colour.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
            return nearestInSpace(0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
                    1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
                    0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s);
        }
        double[] p = new double[3];
        toSpace(r, g, b, p);
        return nearestInSpace(p[0], p[1], p[2]);
    }

    private int nearestInSpace(double x, double y, double z) {
        int best = 0;
        double bestD = Double.MAX_VALUE;
        int n = coords.length / 3;
        if (matching == Matching.OKLAB) {
            for (int i = 0, j = 0; i < n; i++, j += 3) {
                double dx = x - coords[j], dy = y - coords[j + 1], dz = z - coords[j + 2];
                double d = dx * dx + dy * dy + dz * dz;
                if (d < bestD) { bestD = d; best = i; }
            }
        } else {
            for (int i = 0, j = 0; i < n; i++, j += 3) {
                double d = Ciede2000.delta(x, y, z, coords[j], coords[j + 1], coords[j + 2]);
                if (d < bestD) { bestD = d; best = i; }
            }
        }
        return best;
    }

    /** Index of the nearest palette colour to a packed sRGB colour. */
    public int nearest(int rgb) {
        return nearest(Colour.linear(rgb >> 16), Colour.linear(rgb >> 8), Colour.linear(rgb));
    }

    /**
     * The same answer as {@link #nearest(double, double, double)} except for colours within about 1e-5 of the
     * boundary between two palette colours, where either is right; in float, over twice as fast.
     */
    public int nearest(float r, float g, float b) {
        boolean inRange = r >= MIN_VALUE && r <= MAX_VALUE && g >= MIN_VALUE && g <= MAX_VALUE && b >= MIN_VALUE && b <= MAX_VALUE;
        return inRange ? nearestInRange(r, g, b) : nearest((double) r, (double) g, (double) b);
    }

    /** The range of linear values {@link #nearestInRange} takes: the ditherers clamp the carried error to it. */
    static final float MIN_VALUE = -0.5f, MAX_VALUE = 1.5f;

    /** A linear value plus its carried error, clamped to [{@value #MIN_VALUE}, {@value #MAX_VALUE}] for the ditherers. */
    static float clamp(float v) {
        return v < MIN_VALUE ? MIN_VALUE : v > MAX_VALUE ? MAX_VALUE : v;
    }

    /** {@link #clamp(float)} for the ditherers that carry their error in double. */
    static double clamp(double v) {
        return v < MIN_VALUE ? MIN_VALUE : v > MAX_VALUE ? MAX_VALUE : v;
    }

    /**
     * The dithering hot path, for r, g, b within [{@value #MIN_VALUE}, {@value #MAX_VALUE}]. OKLab in float
     * with table cube roots ({@link #cbrtInRange}).
     */
    int nearestInRange(float r, float g, float b) {
        if (matching != Matching.OKLAB) return nearest((double) r, (double) g, (double) b);
        float l = cbrtInRange(Math.fma(0.41222147f, r, Math.fma(0.53633254f, g, 0.05144599f * b)));
        float m = cbrtInRange(Math.fma(0.21190350f, r, Math.fma(0.68069955f, g, 0.10739696f * b)));
        float s = cbrtInRange(Math.fma(0.08830246f, r, Math.fma(0.28171884f, g, 0.62997520f * b)));
        // each ranking is its own small method: the pixel loops inline this one only while it stays under C2's 325 bytes
        int colours = cone.length >> 2;
        return colours == 16 ? rank16(l, m, s) : colours == 8 ? rank8(l, m, s) : colours == 4 ? rank4(l, m, s) : rankOkLab(l, m, s);
    }

    /*
     * Up to 16 colours, ranked on the cube roots directly (OKLab's second matrix folded into the palette): each
     * rank made an int with the colour's index in its 4 low bits, the least taken without a branch (ties closer
     * than 16 units in the last place go to the lower index). Written out, not looped: a loop over the colours
     * costs the JIT's pre-, main and post-loop with their checks on every pixel.
     */
    private int rank4(float l, float m, float s) {
        return Math.min(Math.min(key(l, m, s, 0), key(l, m, s, 1)), Math.min(key(l, m, s, 2), key(l, m, s, 3))) & 15;
    }

    private int rank8(float l, float m, float s) {
        int a = Math.min(Math.min(key(l, m, s, 0), key(l, m, s, 1)), Math.min(key(l, m, s, 2), key(l, m, s, 3)));
        int b = Math.min(Math.min(key(l, m, s, 4), key(l, m, s, 5)), Math.min(key(l, m, s, 6), key(l, m, s, 7)));
        return Math.min(a, b) & 15;
    }

    private int rank16(float l, float m, float s) {
        int a = Math.min(Math.min(key(l, m, s, 0), key(l, m, s, 1)), Math.min(key(l, m, s, 2), key(l, m, s, 3)));
        int b = Math.min(Math.min(key(l, m, s, 4), key(l, m, s, 5)), Math.min(key(l, m, s, 6), key(l, m, s, 7)));
        int c = Math.min(Math.min(key(l, m, s, 8), key(l, m, s, 9)), Math.min(key(l, m, s, 10), key(l, m, s, 11)));
        int d = Math.min(Math.min(key(l, m, s, 12), key(l, m, s, 13)), Math.min(key(l, m, s, 14), key(l, m, s, 15)));
        return Math.min(Math.min(a, b), Math.min(c, d)) & 15;
    }

    private int key(float l, float m, float s, int i) {
        float[] k = cone;
        return Float.floatToRawIntBits(Math.fma(l, k[4 * i], Math.fma(m, k[4 * i + 1], Math.fma(s, k[4 * i + 2], k[4 * i + 3])))) & ~15 | i;
    }

    private int rankOkLab(float l, float m, float s) {
        float x = 0.21045426f * l + 0.79361779f * m - 0.00407205f * s;
        float y = 1.97799850f * l - 2.42859221f * m + 0.45059371f * s;
        float z = 0.02590404f * l + 0.78277177f * m - 0.80867577f * s;
        // |p - c|^2 = |c|^2 - 2 p.c + |p|^2: the last term is the same for every colour, so three fused
        // multiply-adds per colour rank them (the scan was most of the time, and eight operations a colour)
        float[] cl = labL, ca = labA, cb = labB, cn = labNorm;
        int best = 0;
        float bestD = Float.MAX_VALUE;
        for (int i = 0; i < cl.length; i++) {
            float d = Math.fma(x, cl[i], Math.fma(y, ca[i], Math.fma(z, cb[i], cn[i])));
            if (d < bestD) { bestD = d; best = i; }
        }
        return best;
    }

    /**
     * Cube root to about 2e-6 relative, by table: |x| from 2^-60 to 16 in cells of 1/128 of an octave, each
     * a straight line over the float's low mantissa bits (the float is linear in them within an octave).
     * A lookup and one fused multiply-add, where Newton or Halley steps wait on a division: the cube roots
     * are on the chain each pixel waits for in error diffusion. The tables are 64 KB; the cells the
     * ditherers touch (about 2^-12 to 1.5) are 11 KB, so they stay in the L1 cache. Below 2^-60 it answers
     * about 1e-6 (the root of 2^-60), 0 included, rather than call an exact root: a call the JIT must
     * compile (black pixels would take it) makes the pixel loops reload every field after each pixel.
     */
    static float cbrtInRange(float x) {
        int bits = Float.floatToRawIntBits(x), abs = bits & 0x7FFF_FFFF;
        // the mask changes no cell below 16; it lets the JIT drop the bounds checks
        int cell = Math.max(0, (abs - CBRT_LOW) >> CBRT_SHIFT) & (CBRT_ROOT.length - 1);
        float y = Math.fma((float) (abs & CBRT_MASK), CBRT_SLOPE[cell], CBRT_ROOT[cell]);
        return bits < 0 ? -y : y;
    }

    private static final int CBRT_SHIFT = 16, CBRT_MASK = (1 << CBRT_SHIFT) - 1; // 23 - 16 = 7 bits of mantissa pick the cell
    private static final int CBRT_LOW = Float.floatToRawIntBits(0x1p-60f);
    private static final int CBRT_CELLS = (Float.floatToRawIntBits(16f) - CBRT_LOW) >> CBRT_SHIFT; // 2^-60 to 2^4: 8192
    // per cell: the root at its start, and the slope per unit of low bits
    private static final float[] CBRT_ROOT = new float[CBRT_CELLS], CBRT_SLOPE = new float[CBRT_CELLS];

    static {
        if (Integer.bitCount(CBRT_CELLS) != 1) throw new AssertionError("cbrtInRange masks the cell: the table must be a power of two long");
        for (int i = 0; i < CBRT_CELLS; i++) {
            double x0 = Float.intBitsToFloat(CBRT_LOW + (i << CBRT_SHIFT)), x1 = Float.intBitsToFloat(CBRT_LOW + ((i + 1) << CBRT_SHIFT));
            double y0 = Math.cbrt(x0), y1 = Math.cbrt(x1);
            CBRT_ROOT[i] = (float) y0;
            CBRT_SLOPE[i] = (float) ((y1 - y0) / (1 << CBRT_SHIFT));
        }
    }
}
