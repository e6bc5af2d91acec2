package dev.atelier.plugin.mosaic.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The bill of materials of a mosaic (counts, size, weight, cost) and its assembly chart. */
final class Bom {
    private Bom() { }

    record Costs(double pitchMm, double gramsEach, double costEach, String currency) { }

    static Map<String, Long> counts(long[] counts) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int c = 0; c < counts.length; c++) if (counts[c] > 0) m.put(Candy.name(c), counts[c]);
        return m;
    }

    /** A plain-text report: one line per colour, totals, the physical size, and the chart's legend. */
    static String report(String title, MosaicEngine.Result r, Costs k) {
        Layout l = r.layout();
        StringBuilder b = new StringBuilder();
        long total = 0;
        for (long c : r.counts()) total += c;
        b.append("Bill of materials: ").append(title).append('\n');
        String packing = l.band < 1 ? (l.kind == Layout.Kind.HEX ? "on their side, bricked" : "on their side, in rows")
                : l.kind == Layout.Kind.HEX ? "hexagonal" : "square";
        b.append(String.format(Locale.ROOT, "%d x %d candies (%s packing) on a #%06X board, %.1f x %.1f cm at a %.1f mm pitch%s%n%n", l.cols, l.rows,
                packing, r.board(), l.widthPitches() * k.pitchMm() / 10, l.heightPitches() * k.pitchMm() / 10,
                k.pitchMm(), l.band < 1 ? String.format(Locale.ROOT, ", rows %.1f mm apart", l.band * k.pitchMm()) : ""));
        b.append(String.format(Locale.ROOT, "%-8s %-6s %8s %10s %10s%n", "colour", "letter", "count", "weight g", "cost"));
        for (int c = 0; c < r.counts().length; c++) {
            if (r.counts()[c] == 0) continue;
            b.append(String.format(Locale.ROOT, "%-8s %-6s %8d %10.1f %10s%n", Candy.name(c), Candy.LETTERS[c], r.counts()[c],
                    r.counts()[c] * k.gramsEach(), money(r.counts()[c] * k.costEach(), k.currency())));
        }
        b.append(String.format(Locale.ROOT, "%-8s %-6s %8d %10.1f %10s%n", "total", "", total, total * k.gramsEach(), money(total * k.costEach(), k.currency())));
        b.append('\n').append("Chart: one letter per candy, rows top to bottom, left to right");
        if (l.kind == Layout.Kind.HEX) b.append("; odd rows (the 2nd, 4th, ...) sit half a candy to the right");
        b.append(".\n");
        return b.toString();
    }

    /** The assembly chart as CSV: one row per candy row, one letter per candy. */
    static String chart(MosaicEngine.Result r) {
        Layout l = r.layout();
        StringBuilder b = new StringBuilder(l.cells() * 2);
        for (int row = 0; row < l.rows; row++) {
            for (int col = 0; col < l.cols; col++) {
                if (col > 0) b.append(',');
                b.append(Candy.LETTERS[r.colour()[row * l.cols + col]]);
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String money(double v, String currency) {
        return String.format(Locale.ROOT, "%s%.2f", currency, v);
    }
}
