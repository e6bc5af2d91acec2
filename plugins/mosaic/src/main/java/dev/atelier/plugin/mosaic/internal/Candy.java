package dev.atelier.plugin.mosaic.internal;

import dev.atelier.plugin.dither.api.Colour;
import dev.atelier.plugin.dither.api.Palette;
import dev.atelier.plugin.dither.api.Palettes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The eight candy colours (the dither bundle's candy palette), with the letters of the assembly chart. */
final class Candy {
    static final Palette PALETTE = Palettes.named("candy");
    /** Chart letters, by palette index: blue, green, orange, pink, purple (U), white, yellow, red. */
    static final char[] LETTERS = {'B', 'G', 'O', 'P', 'U', 'W', 'Y', 'R'};

    /** OKLab of each colour, by palette index. */
    private static final double[][] LAB = new double[PALETTE.size()][];

    static {
        for (int i = 0; i < LAB.length; i++) LAB[i] = Colour.oklab(PALETTE.colour(i));
    }

    private Candy() { }

    static double[] lab(int colour) {
        return LAB[colour];
    }

    static int count() {
        return PALETTE.size();
    }

    static String name(int colour) {
        return PALETTE.colourName(colour);
    }

    static int rgb(int colour) {
        return PALETTE.colour(colour);
    }

    /** The colour with this name, or -1. */
    static int index(String name) {
        String n = name.toLowerCase(Locale.ROOT).trim();
        for (int i = 0; i < count(); i++) if (name(i).equals(n)) return i;
        return -1;
    }

    static List<String> names() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count(); i++) out.add(name(i));
        return out;
    }

    /** The candy colour nearest to an sRGB colour in OKLab. */
    static int nearest(int rgb) {
        double[] p = Colour.oklab(rgb);
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int i = 0; i < count(); i++) {
            double[] q = LAB[i];
            double d = sq(p[0] - q[0]) + sq(p[1] - q[1]) + sq(p[2] - q[2]);
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    private static double sq(double v) {
        return v * v;
    }
}
