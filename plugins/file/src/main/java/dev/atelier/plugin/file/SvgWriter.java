package dev.atelier.plugin.file;

import dev.atelier.api.Drawing;
import dev.atelier.plugin.file.gcode.Decimals;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A drawing as SVG at its physical size: width and height in mm, a viewBox in mm, one {@code <path>}
 * per stroke, black, round joins. SVG's y grows downwards, a drawing's upwards, so y is flipped.
 */
final class SvgWriter {
    private SvgWriter() { }

    static void write(Drawing d, double strokeMm, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(String.format(Locale.ROOT, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%smm\" height=\"%smm\" viewBox=\"0 0 %s %s\">%n",
                num(d.widthMm()), num(d.heightMm()), num(d.widthMm()), num(d.heightMm())));
        w.write("<title>" + escape(d.source().name()) + "</title>\n");
        w.write(String.format(Locale.ROOT, "<rect width=\"%s\" height=\"%s\" fill=\"white\"/>%n", num(d.widthMm()), num(d.heightMm())));
        for (Drawing.Polyline p : d.strokes()) {
            w.write(String.format(Locale.ROOT, "<path fill=\"none\" stroke=\"black\" stroke-width=\"%s\" stroke-linejoin=\"round\" stroke-linecap=\"round\" d=\"",
                    num(strokeMm)));
            for (int i = 0; i < p.size(); i++) {
                w.write(i == 0 ? "M" : (i % 8 == 0 ? "\nL" : " L"));
                w.write(num(p.x()[i]));
                w.write(' ');
                w.write(num(d.heightMm() - p.y()[i]));
            }
            w.write("\"/>\n");
        }
        w.write("</svg>\n");
        w.flush();
    }

    /** Three decimals (a micrometre), trailing zeros dropped. */
    static String num(double v) {
        return Decimals.format(v, 3);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
