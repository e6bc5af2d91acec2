package dev.atelier.plugin.mosaic.internal;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Printable build sheets, as LEGO and bead-mosaic makers give them (Apache PDFBox): a first page with the
 * whole chart, the board split into lettered and numbered sections, and the legend with the counts; then one
 * page per section, a size a person fills in one go, every candy drawn in its colour with its letter, rows and
 * columns numbered as on the board, and the section's own legend and counts. A4 or Letter, portrait.
 */
final class BuildSheets {
    private static final float MM = 72f / 25.4f, MARGIN = 12 * MM;
    private static final PDFont BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private static final PDFont PLAIN = new PDType1Font(Standard14Fonts.FontName.HELVETICA);

    private BuildSheets() { }

    static PDRectangle paper(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "a4" -> PDRectangle.A4;
            case "letter" -> PDRectangle.LETTER;
            default -> throw new IllegalArgumentException("parameter sheets.paper: '" + name + "' is not a4 or letter");
        };
    }

    /** Section names: rows of sections lettered A, B, ... (AA after Z), columns numbered from 1. */
    static String section(int sectionRow, int sectionCol) {
        StringBuilder s = new StringBuilder();
        int r = sectionRow;
        do {
            s.insert(0, (char) ('A' + r % 26));
            r = r / 26 - 1;
        } while (r >= 0);
        return s.toString() + (sectionCol + 1);
    }

    static byte[] pdf(String title, MosaicEngine.Result r, Bom.Costs costs, PDRectangle paper, int sectionSize) throws IOException {
        if (sectionSize < 1) throw new IllegalArgumentException("parameter sheets.section: " + sectionSize + " is below 1");
        Layout l = r.layout();
        int sectionRows = (l.rows + sectionSize - 1) / sectionSize, sectionCols = (l.cols + sectionSize - 1) / sectionSize;
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            overview(doc, title, r, costs, paper, sectionSize, sectionRows, sectionCols);
            int pages = 1 + sectionRows * sectionCols, page = 1;
            for (int sr = 0; sr < sectionRows; sr++) {
                for (int sc = 0; sc < sectionCols; sc++) sectionPage(doc, title, r, paper, sectionSize, sr, sc, ++page, pages);
            }
            doc.getDocumentInformation().setTitle("Build sheets: " + title);
            doc.getDocumentInformation().setCreator("Atelier mosaic");
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static void overview(PDDocument doc, String title, MosaicEngine.Result r, Bom.Costs costs, PDRectangle paper, int size, int srows, int scols)
            throws IOException {
        Layout l = r.layout();
        PDPage page = new PDPage(paper);
        doc.addPage(page);
        float w = paper.getWidth(), h = paper.getHeight();
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
            float y = h - MARGIN;
            text(cs, BOLD, 16, MARGIN, y - 14, "Build sheets: " + title);
            y -= 30;
            long total = 0;
            for (long c : r.counts()) total += c;
            text(cs, PLAIN, 10, MARGIN, y, String.format(Locale.ROOT, "%d x %d candies (%d in all), %.1f x %.1f cm at a %.1f mm pitch%s", l.cols, l.rows, total,
                    l.widthPitches() * costs.pitchMm() / 10, l.heightPitches() * costs.pitchMm() / 10, costs.pitchMm(), l.band < 1 ? ", candies on their side" : ""));
            y -= 13;
            text(cs, PLAIN, 10, MARGIN, y, String.format(Locale.ROOT, "%d sections of up to %d x %d candies, lettered by row and numbered by column; "
                    + "one page each follows", srows * scols, size, size));
            y -= 18;
            // the whole board, scaled to the page, with the sections outlined and named
            float legendHeight = 16 * legendLines(r.counts()) + 20;
            float boxW = w - 2 * MARGIN, boxH = y - MARGIN - legendHeight;
            float pitch = Math.min(boxW / (float) l.widthPitches(), boxH / (float) l.heightPitches());
            float x0 = MARGIN, top = y;
            board(cs, r, x0, top, pitch, 0, l.rows, 0, l.cols, false);
            cs.setStrokingColor(Color.BLACK);
            cs.setLineWidth(0.8f);
            for (int sr = 0; sr < srows; sr++) {
                for (int sc = 0; sc < scols; sc++) {
                    int r0 = sr * size, r1 = Math.min(l.rows, r0 + size), c0 = sc * size, c1 = Math.min(l.cols, c0 + size);
                    float bx = x0 + c0 * pitch, by = top - (float) (r0 * l.rowStep() * pitch);
                    float bw = (c1 - c0) * pitch + (l.kind == Layout.Kind.HEX && c1 == l.cols ? pitch / 2 : 0);
                    float bh = (float) ((r1 - r0) * l.rowStep() * pitch + (l.band < 1 ? 0 : (1 - l.rowStep()) * pitch * (r1 == l.rows ? 1 : 0)));
                    cs.addRect(bx, by - bh, bw, bh);
                    cs.stroke();
                    float fs = Math.min(14, Math.max(6, Math.min(bw, bh) / 4));
                    cs.setNonStrokingColor(new Color(0, 0, 0));
                    text(cs, BOLD, fs, bx + 2, by - fs - 1, section(sr, sc));
                }
            }
            float ly = top - (float) (l.heightPitches() * pitch) - 18;
            legend(cs, r.counts(), MARGIN, ly, w - 2 * MARGIN);
        }
    }

    private static void sectionPage(PDDocument doc, String title, MosaicEngine.Result r, PDRectangle paper, int size, int sr, int sc, int page, int pages)
            throws IOException {
        Layout l = r.layout();
        int r0 = sr * size, r1 = Math.min(l.rows, r0 + size), c0 = sc * size, c1 = Math.min(l.cols, c0 + size);
        PDPage p = new PDPage(paper);
        doc.addPage(p);
        float w = paper.getWidth(), h = paper.getHeight();
        long[] counts = new long[Candy.count()];
        for (int row = r0; row < r1; row++) for (int col = c0; col < c1; col++) counts[r.colour()[row * l.cols + col]]++;
        try (PDPageContentStream cs = new PDPageContentStream(doc, p)) {
            float y = h - MARGIN;
            text(cs, BOLD, 15, MARGIN, y - 14, "Section " + section(sr, sc));
            text(cs, PLAIN, 10, MARGIN + 110, y - 13, String.format(Locale.ROOT, "rows %d-%d, columns %d-%d of %s", r0 + 1, r1, c0 + 1, c1, title));
            y -= 34;
            float legendHeight = 16 * legendLines(counts) + 20, labels = 18;
            float boxW = w - 2 * MARGIN - labels, boxH = y - MARGIN - legendHeight - labels - 14;
            double widthPitches = (c1 - c0) + (l.kind == Layout.Kind.HEX ? 0.5 : 0), heightPitches = (r1 - r0) * l.rowStep() + (l.band < 1 ? 0 : 1 - l.rowStep());
            // no bigger than life size: a sheet laid under a clear board can be followed candy by candy
            float pitch = (float) Math.min(Math.min(boxW / widthPitches, boxH / heightPitches), 10 * MM * 1.6);
            float x0 = MARGIN + labels, top = y - labels;
            board(cs, r, x0, top, pitch, r0, r1, c0, c1, true);
            cs.setNonStrokingColor(Color.DARK_GRAY);
            float fs = Math.max(5, Math.min(9, pitch * 0.45f));
            for (int col = c0; col < c1; col++) {
                if (pitch < 9 && (col + 1) % 5 != 0 && col != c0) continue; // small cells: every fifth number
                String n = String.valueOf(col + 1);
                text(cs, PLAIN, fs, x0 + (col - c0 + 0.5f) * pitch - width(PLAIN, fs, n) / 2, top + 4, n);
            }
            for (int row = r0; row < r1; row++) {
                if (pitch * l.rowStep() < 9 && (row + 1) % 5 != 0 && row != r0) continue;
                String n = String.valueOf(row + 1);
                float cy = top - (float) (((row - r0) * l.rowStep() + (l.band < 1 ? l.band / 2 : 0.5)) * pitch);
                text(cs, PLAIN, fs, x0 - 4 - width(PLAIN, fs, n), cy - fs / 3, n);
            }
            float ly = top - (float) (heightPitches * pitch) - 20;
            legend(cs, counts, MARGIN, ly, w - 2 * MARGIN);
            text(cs, PLAIN, 8, w - MARGIN - 60, MARGIN - 14, "page " + page + " of " + pages);
        }
    }

    /** The candies of rows [r0, r1) and columns [c0, c1) with (x0, top) the section's top left, one pitch in points. */
    private static void board(PDPageContentStream cs, MosaicEngine.Result r, float x0, float top, float pitch, int r0, int r1, int c0, int c1,
                              boolean letters) throws IOException {
        Layout l = r.layout();
        float fs = pitch * 0.42f;
        for (int row = r0; row < r1; row++) {
            for (int col = c0; col < c1; col++) {
                int colour = r.colour()[row * l.cols + col];
                double shift = l.kind == Layout.Kind.HEX && (row & 1) == 1 ? 0.5 : 0;
                float cx = x0 + (float) ((col - c0 + 0.5 + shift) * pitch);
                float cy = top - (float) (((row - r0) * l.rowStep() + (l.band < 1 ? l.band / 2 : 0.5)) * pitch);
                Color c = new Color(Candy.rgb(colour));
                cs.setNonStrokingColor(c);
                cs.setStrokingColor(new Color(90, 90, 90));
                cs.setLineWidth(Math.max(0.2f, pitch * 0.03f));
                if (l.band < 1) {
                    float bw = pitch * 0.92f, bh = (float) (l.band * pitch * 0.92);
                    cs.addRect(cx - bw / 2, cy - bh / 2, bw, bh);
                } else {
                    circle(cs, cx, cy, pitch * 0.46f);
                }
                cs.fillAndStroke();
                if (letters && fs >= 4) {
                    String letter = String.valueOf(Candy.LETTERS[colour]);
                    cs.setNonStrokingColor(light(c) ? Color.BLACK : Color.WHITE);
                    text(cs, BOLD, Math.min(fs, (float) (l.band * pitch * 0.7)), cx - width(BOLD, fs, letter) / 2, cy - fs / 3, letter);
                }
            }
        }
    }

    private static int legendLines(long[] counts) {
        int n = 0;
        for (long c : counts) if (c > 0) n++;
        return (n + 3) / 4;
    }

    private static void legend(PDPageContentStream cs, long[] counts, float x0, float y, float width) throws IOException {
        float col = width / 4;
        int k = 0;
        long total = 0;
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] == 0) continue;
            total += counts[c];
            float x = x0 + (k % 4) * col, yy = y - (k / 4) * 16;
            cs.setNonStrokingColor(new Color(Candy.rgb(c)));
            cs.setStrokingColor(new Color(90, 90, 90));
            cs.setLineWidth(0.5f);
            circle(cs, x + 5, yy + 3, 5);
            cs.fillAndStroke();
            cs.setNonStrokingColor(Color.BLACK);
            text(cs, PLAIN, 10, x + 14, yy, String.format(Locale.ROOT, "%s  %s  %d", Candy.LETTERS[c], Candy.name(c), counts[c]));
            k++;
        }
        text(cs, BOLD, 10, x0, y - ((k + 3) / 4) * 16 - 2, "total " + total);
    }

    private static boolean light(Color c) {
        return 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue() > 150;
    }

    private static void circle(PDPageContentStream cs, float cx, float cy, float rad) throws IOException {
        float k = 0.5523f * rad; // a circle from four Bezier curves
        cs.moveTo(cx + rad, cy);
        cs.curveTo(cx + rad, cy + k, cx + k, cy + rad, cx, cy + rad);
        cs.curveTo(cx - k, cy + rad, cx - rad, cy + k, cx - rad, cy);
        cs.curveTo(cx - rad, cy - k, cx - k, cy - rad, cx, cy - rad);
        cs.curveTo(cx + k, cy - rad, cx + rad, cy - k, cx + rad, cy);
        cs.closePath();
    }

    private static float width(PDFont font, float size, String s) throws IOException {
        return font.getStringWidth(s) / 1000 * size;
    }

    private static void text(PDPageContentStream cs, PDFont font, float size, float x, float y, String s) throws IOException {
        cs.beginText();
        cs.setFont(font, size);
        cs.newLineAtOffset(x, y);
        cs.showText(s);
        cs.endText();
    }
}
