package dev.atelier.plugin.dither.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An ordered set of 2 to 256 distinct sRGB colours (0xRRGGBB), each with a name. */
public final class Palette {
    private final String name;
    private final int[] colours;
    private final List<String> names;

    public Palette(String name, int[] colours, List<String> names) {
        if (colours.length < 2) {
            throw new IllegalArgumentException("palette '" + name + "' has " + colours.length
                    + " colour(s); dithering needs at least 2 (with one, every pixel would simply be that colour)");
        }
        if (colours.length > 256) {
            throw new IllegalArgumentException("palette '" + name + "' has " + colours.length + " colours; at most 256 are supported");
        }
        if (names.size() != colours.length) throw new IllegalArgumentException("palette '" + name + "': one name per colour");
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int c : colours) {
            if (!seen.add(c & 0xFFFFFF)) throw new IllegalArgumentException("palette '" + name + "' lists #" + hex(c) + " twice");
        }
        this.name = name;
        this.colours = colours.clone();
        this.names = List.copyOf(names);
    }

    /** A palette whose colours are named by their hex codes. */
    public static Palette of(String name, int... colours) {
        List<String> names = new ArrayList<>();
        for (int c : colours) names.add("#" + hex(c));
        return new Palette(name, colours, names);
    }

    public String name() { return name; }
    public int size() { return colours.length; }
    public int colour(int i) { return colours[i]; }
    public String colourName(int i) { return names.get(i); }
    public int[] colours() { return colours.clone(); }

    /** The colours in linear light, 3 per colour (r, g, b), for the ditherers of this package. */
    float[] linear() {
        float[] v = new float[colours.length * 3];
        for (int i = 0; i < colours.length; i++) {
            v[3 * i] = Colour.linear(colours[i] >> 16);
            v[3 * i + 1] = Colour.linear(colours[i] >> 8);
            v[3 * i + 2] = Colour.linear(colours[i]);
        }
        return v;
    }

    static String hex(int c) {
        return String.format(Locale.ROOT, "%06x", c & 0xFFFFFF);
    }

    /** Pixel counts per colour, by colour name, in palette order. */
    public Map<String, Long> countsByName(long[] counts) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < colours.length; i++) m.put(names.get(i), counts[i]);
        return m;
    }
}
