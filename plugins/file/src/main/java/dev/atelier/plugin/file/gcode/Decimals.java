package dev.atelier.plugin.file.gcode;

/**
 * Numbers for SVG and G-code: rounded to a number of decimals, trailing zeros and a trailing point
 * dropped, never "-0". Written by hand because String.format was most of the time of writing a
 * 60 000-point drawing.
 */
public final class Decimals {
    private static final long[] POW10 = {1, 10, 100, 1000, 10_000, 100_000, 1_000_000};

    private Decimals() { }

    public static String format(double v, int decimals) {
        long scaled = Math.round(v * POW10[decimals]);
        if (scaled == 0) return "0";
        StringBuilder b = new StringBuilder(12);
        if (scaled < 0) { b.append('-'); scaled = -scaled; }
        long whole = scaled / POW10[decimals], frac = scaled % POW10[decimals];
        b.append(whole);
        if (frac != 0) {
            b.append('.');
            String digits = Long.toString(frac + POW10[decimals]).substring(1); // keeps leading zeros
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') end--;
            b.append(digits, 0, end);
        }
        return b.toString();
    }
}
