package dev.atelier.plugin.dither.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The built-in palettes, by the names descriptors use. */
public final class Palettes {
    private static final Map<String, Palette> BUILT_IN = new TreeMap<>();

    static {
        add(Palette.of("bw", 0x000000, 0xFFFFFF));
        add(Palette.of("cga", 0x000000, 0x55FFFF, 0xFF55FF, 0xFFFFFF));
        add(Palette.of("ega", 0x000000, 0x0000AA, 0x00AA00, 0x00AAAA, 0xAA0000, 0xAA00AA, 0xAA5500, 0xAAAAAA,
                0x555555, 0x5555FF, 0x55FF55, 0x55FFFF, 0xFF5555, 0xFF55FF, 0xFFFF55, 0xFFFFFF));
        add(Palette.of("gameboy", 0x0F380F, 0x306230, 0x8BAC0F, 0x9BBC0F));
        int[] web = new int[216];
        int k = 0;
        for (int r = 0; r < 6; r++) for (int g = 0; g < 6; g++) for (int b = 0; b < 6; b++) web[k++] = (r * 0x33) << 16 | (g * 0x33) << 8 | b * 0x33;
        add(Palette.of("websafe", web));
        // Approximate sRGB of the eight candy colours; to be replaced by values measured from photographs.
        add(new Palette("candy", new int[] {0x1F5FBF, 0x2E9E3E, 0xF2811D, 0xF06AA8, 0x5B2A86, 0xF4F1EA, 0xF7D117, 0xC8102E},
                List.of("blue", "green", "orange", "pink", "purple", "white", "yellow", "red")));
    }

    private Palettes() { }

    private static void add(Palette p) {
        BUILT_IN.put(p.name(), p);
    }

    /** N evenly spaced greys in sRGB, black to white. */
    public static Palette grey(int levels) {
        if (levels < 2 || levels > 256) throw new IllegalArgumentException("grey levels must be 2..256, got " + levels);
        int[] c = new int[levels];
        for (int i = 0; i < levels; i++) {
            int v = Math.round(i * 255f / (levels - 1));
            c[i] = v << 16 | v << 8 | v;
        }
        return Palette.of("grey" + levels, c);
    }

    /** A built-in palette: bw, cga, ega, gameboy, websafe, candy, or greyN (N = 2..256). */
    public static Palette named(String name) {
        Palette p = BUILT_IN.get(name);
        if (p != null) return p;
        if (name.matches("grey[0-9]+")) return grey(Integer.parseInt(name.substring(4)));
        throw new IllegalArgumentException("no palette named '" + name + "'; built in: " + String.join(", ", names()) + ", grey2..grey256");
    }

    public static List<String> names() {
        return new ArrayList<>(BUILT_IN.keySet());
    }
}
