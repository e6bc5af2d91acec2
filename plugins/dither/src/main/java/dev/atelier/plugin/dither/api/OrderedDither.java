package dev.atelier.plugin.dither.api;

import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * Ordered dithering onto any palette with Thomas Knoll's pattern method (US patent 6,606,166, now
 * expired): for a pixel's colour, build a mix of N palette colours whose mean in linear light is that
 * colour (each candidate is the colour nearest to the target plus the error so far), sort the mix by
 * luminance, and let the threshold matrix pick one. Adding an offset to the pixel and rounding, the
 * usual method, only works for evenly spaced palettes; this works for EGA or candy colours too.
 *
 * <p>Pixels are independent, so rows run in parallel. A mix depends only on the pixel's colour and
 * is kept in a small direct-mapped cache, because photos repeat colours locally. Where the palette's colours
 * are far apart for the mix's size, colours that differ only in each channel's lowest bit share one mix
 * (made for their mean in linear light): the mix cannot show a one-level step there, and a photo has about a
 * third as many such pairs as colours (docs/dither.md: twice as fast, the error within the mix's own scatter).
 */
public final class OrderedDither implements Ditherer {
    private static final int CACHE_BITS = 16;

    private final Palette palette;
    private final ThresholdMatrix matrix;
    private final NearestColour nearest;
    private final int mix;
    private final float[] value; // linear RGB, 3 per palette colour
    private final Integer[] byLuminance;
    private final int[] rankOf;
    private final int keyMask; // the bits of a colour its mix is made from

    public OrderedDither(Palette palette, ThresholdMatrix matrix, Matching matching) {
        this.palette = palette;
        this.matrix = matrix;
        this.nearest = new NearestColour(palette, matching);
        // 16 colours a mix: levels enough for the eye, and a quarter of the work of 64
        this.mix = Math.min(16, matrix.size() * matrix.size());
        value = palette.linear();
        byLuminance = new Integer[palette.size()];
        for (int i = 0; i < byLuminance.length; i++) byLuminance[i] = i;
        java.util.Arrays.sort(byLuminance, java.util.Comparator.comparingDouble(i -> Colour.luminance(palette.colour(i))));
        rankOf = new int[palette.size()];
        for (int r = 0; r < byLuminance.length; r++) rankOf[byLuminance[r]] = r;
        keyMask = minSpacing(palette) >= SHARED_MIX_SPACING * mix ? 0xFEFEFE : 0xFFFFFF;
    }

    /**
     * A one-level step is below what a mix can show when the palette's closest two colours are this many levels
     * apart per colour of the mix: the mix's finest step is about their distance over its size, and
     * linear-light mixing makes it finer than that near the top of a gap (EGA's 0xAA to 0xFF with 16 colours:
     * about 4 levels where 85 / 16 says 5). At 3, websafe (51 levels apart) with bayer4 shared its mixes and
     * one photo's blurred error rose 13 %; at 4 every shared case in docs/dither.md stays within 2 %.
     */
    static final int SHARED_MIX_SPACING = 4;

    /** The distance of the closest two palette colours, in levels of the channel that differs most. */
    static int minSpacing(Palette palette) {
        int min = 256;
        for (int i = 0; i < palette.size(); i++) {
            int a = palette.colour(i);
            for (int j = i + 1; j < palette.size(); j++) {
                int b = palette.colour(j);
                int d = Math.max(Math.abs((a >> 16 & 0xFF) - (b >> 16 & 0xFF)), Math.max(Math.abs((a >> 8 & 0xFF) - (b >> 8 & 0xFF)), Math.abs((a & 0xFF) - (b & 0xFF))));
                min = Math.min(min, d);
            }
        }
        return min;
    }

    /** Whether colours one level apart share a mix (see the class comment). */
    boolean sharesMixes() { return keyMask != 0xFFFFFF; }

    @Override public Palette palette() { return palette; }

    /** The mix for one colour: {@code mix} palette indices, darkest first. */
    int[] mix(int rgb) {
        int[] sorted = new int[mix];
        short[] into = new short[mix];
        mix(rgb & keyMask, new int[palette.size()], into, 0);
        for (int i = 0; i < mix; i++) sorted[i] = into[i];
        return sorted;
    }

    /**
     * Writes the mix for one colour (its key: the colour masked by {@code keyMask}) into {@code into} from
     * {@code at}; {@code count} is scratch, one per palette colour.
     */
    private void mix(int key, int[] count, short[] into, int at) {
        // the mean in linear light of the colours sharing the key (the key itself when none do)
        int low = ~keyMask & 0x010101;
        double gr = (Colour.linear(key >> 16) + Colour.linear((key | low) >> 16)) / 2;
        double gg = (Colour.linear(key >> 8) + Colour.linear((key | low) >> 8)) / 2;
        double gb = (Colour.linear(key) + Colour.linear(key | low)) / 2;
        double er = 0, eg = 0, eb = 0;
        java.util.Arrays.fill(count, 0);
        for (int i = 0; i < mix; i++) {
            int c = nearest.nearestInRange((float) NearestColour.clamp(gr + er), (float) NearestColour.clamp(gg + eg), (float) NearestColour.clamp(gb + eb));
            count[rankOf[c]]++;
            er += gr - value[3 * c];
            eg += gg - value[3 * c + 1];
            eb += gb - value[3 * c + 2];
        }
        for (int r = 0, k = at; r < count.length; r++) for (int j = 0; j < count[r]; j++) into[k++] = (short) (int) byLuminance[r];
    }

    @Override
    public int[] indices(int[] rgb, int width, int height, BooleanSupplier cancelled) {
        int[] out = new int[rgb.length];
        // the mix entry each cell of the matrix picks, worked out once rather than at every pixel
        int size = matrix.size();
        int[] pick = new int[size * size];
        for (int ty = 0; ty < size; ty++) for (int tx = 0; tx < size; tx++) pick[ty * size + tx] = Math.min(mix - 1, (int) (matrix.threshold(tx, ty) * mix));
        // a band per worker (two each, for balance), not per 64 rows: each band's colour cache starts cold, and a
        // megapixel photo in 15 bands computed most mixes 15 times over (bayer2 on 1 MP: 100-145 -> ms, docs/dither.md)
        int bands = Math.max(1, Math.min(Math.min(64, height / 64), 2 * java.util.concurrent.ForkJoinPool.getCommonPoolParallelism()));
        IntStream.range(0, bands).parallel().forEach(band -> {
            int[] keys = new int[1 << CACHE_BITS];
            java.util.Arrays.fill(keys, -1);
            short[] mixes = new short[(1 << CACHE_BITS) * mix];
            int[] count = new int[palette.size()];
            for (int y = band * height / bands, end = (band + 1) * height / bands; y < end; y++) {
                if ((y & 15) == 0) Ditherer.checkCancelled(cancelled);
                int row = Math.floorMod(y, size) * size;
                for (int x = 0, tx = 0; x < width; x++) {
                    int p = rgb[y * width + x] & keyMask;
                    int slot = (p * 0x9E3779B1) >>> (32 - CACHE_BITS);
                    if (keys[slot] != p) {
                        mix(p, count, mixes, slot * mix);
                        keys[slot] = p;
                    }
                    out[y * width + x] = mixes[slot * mix + pick[row + tx]];
                    if (++tx == size) tx = 0;
                }
            }
        });
        return out;
    }
}
