package dev.atelier.plugin.mosaic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.api.ImageSource;
import dev.atelier.api.Raster;
import dev.atelier.plugin.dither.api.Kernel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MosaicTest {
    static final ImageSource SRC = ImageSource.synthetic("test", 1, 1);
    @TempDir Path dir;

    static MosaicEngine.Settings settings(Layout.Kind layout, int candies, boolean dither, boolean[] allowed, long[] stock) {
        return new MosaicEngine.Settings(layout, candies, 12, MosaicEngine.Matching.PIXELS, dither, Kernel.FLOYD_STEINBERG, true, 0xFFFFFF,
                allowed == null ? all() : allowed, stock);
    }

    static boolean[] all() {
        boolean[] a = new boolean[Candy.count()];
        Arrays.fill(a, true);
        return a;
    }

    /** A raster that is the tile in the given rotation, composited on white. */
    static Raster cellOf(Tile t, int quarter) {
        int s = t.size;
        int[] argb = t.argb(quarter), rgb = new int[s * s];
        for (int i = 0; i < rgb.length; i++) {
            int p = argb[i];
            double a = (p >>> 24) / 255.0;
            int r = (int) Math.round(a * (p >> 16 & 0xFF) + (1 - a) * 255), g = (int) Math.round(a * (p >> 8 & 0xFF) + (1 - a) * 255),
                    b = (int) Math.round(a * (p & 0xFF) + (1 - a) * 255);
            rgb[i] = r << 16 | g << 8 | b;
        }
        return new Raster(s, s, rgb, SRC);
    }

    @Test void aCellThatIsATurnedTileGetsThatTileAndTurn() {
        TileLibrary lib = TileLibrary.builtIn(TileRenderer.View.TOP, 24);
        for (Tile t : lib.tiles) {
            for (int q = 0; q < 4; q++) {
                MosaicEngine.Result r = MosaicEngine.run(cellOf(t, q), lib, settings(Layout.Kind.SQUARE, 1, false, null, null), () -> false);
                assertEquals(t.colour, r.colour()[0], t.name + " turned " + q);
                assertEquals(q, r.rotation()[0], t.name + " turned " + q + " quarter(s)");
            }
        }
        TileLibrary side = TileLibrary.builtIn(TileRenderer.View.SIDE, 24);
        Tile bar = side.tiles.get(Candy.index("blue"));
        // a bar seen from the side reads the same turned half a turn; standing up it is a quarter turn either way
        MosaicEngine.Result r = MosaicEngine.run(cellOf(bar, 1), side, settings(Layout.Kind.SQUARE, 1, false, null, null), () -> false);
        assertEquals(1, r.rotation()[0] % 2, "a standing bar is chosen for a standing bar");
    }

    @Test void hexagonalCentresAreExactAndEachCandyTouchesSixAtOnePitch() {
        Layout l = new Layout(Layout.Kind.HEX, 7, 6, 24);
        for (int row = 0; row < l.rows; row++) {
            for (int col = 0; col < l.cols; col++) {
                assertEquals(24 * (col + 0.5 + (row % 2) * 0.5), l.centreX(row, col), 1e-12);
                assertEquals(24 * (0.5 + row * Math.sqrt(3) / 2), l.centreY(row, col), 1e-12);
            }
        }
        int row = 2, col = 3;
        int[][] nbrs = {{2, 2}, {2, 4}, {1, 2}, {1, 3}, {3, 2}, {3, 3}}; // even row: the rows above and below reach left
        for (int[] n : nbrs) {
            assertEquals(24.0, Math.hypot(l.centreX(n[0], n[1]) - l.centreX(row, col), l.centreY(n[0], n[1]) - l.centreY(row, col)), 1e-9);
        }
        assertEquals(7 * 24 + 12, l.width());
        assertEquals((int) Math.ceil(24 * (1 + 5 * Math.sqrt(3) / 2)), l.height());
        Layout portrait = Layout.forImage(Layout.Kind.HEX, 300, 450, 10, 24);
        assertEquals(10, portrait.cols, "the short edge holds the candies asked for");
        Layout square = Layout.forImage(Layout.Kind.SQUARE, 300, 450, 10, 24);
        assertEquals(10, square.cols);
        assertEquals(15, square.rows);
    }

    static Raster photo(String name) throws Exception {
        BufferedImage img = ImageIO.read(Path.of(System.getProperty("atelier.samples", "../../runtime/samples")).resolve(name).toFile());
        return Raster.fromImage(img, SRC);
    }

    @Test void theBillOfMaterialsAddsUpToTheCells() throws Exception {
        TileLibrary lib = TileLibrary.builtIn(TileRenderer.View.TOP, 12);
        for (Layout.Kind k : Layout.Kind.values()) {
            MosaicEngine.Result r = MosaicEngine.run(photo("coffee.png"), lib, settings(k, 20, false, null, null), () -> false);
            assertEquals(r.layout().cells(), Arrays.stream(r.counts()).sum(), k.name());
            String bom = Bom.report("coffee", r, new Bom.Costs(10, 1, 0.01, "£"));
            assertTrue(bom.contains("total") && bom.contains(" " + r.layout().cells() + " "), bom);
            String[] chart = Bom.chart(r).split("\n");
            assertEquals(r.layout().rows, chart.length);
            assertEquals(r.layout().cols, chart[0].split(",").length);
        }
    }

    @Test void onlyTheAllowedColoursAndNoMoreThanTheStock() throws Exception {
        TileLibrary lib = TileLibrary.builtIn(TileRenderer.View.TOP, 12);
        boolean[] allowed = new boolean[Candy.count()];
        allowed[Candy.index("red")] = allowed[Candy.index("white")] = allowed[Candy.index("purple")] = true;
        MosaicEngine.Result r = MosaicEngine.run(photo("astronaut.png"), lib, settings(Layout.Kind.SQUARE, 20, false, allowed, null), () -> false);
        for (int c = 0; c < Candy.count(); c++) if (!allowed[c]) assertEquals(0, r.counts()[c], Candy.name(c));
        long[] stock = new long[Candy.count()];
        stock[Candy.index("red")] = 100;
        stock[Candy.index("white")] = 150;
        stock[Candy.index("purple")] = 200;
        for (boolean dither : new boolean[] {false, true}) {
            MosaicEngine.Result s = MosaicEngine.run(photo("astronaut.png"), lib, settings(Layout.Kind.SQUARE, 20, dither, allowed, stock), () -> false);
            for (int c = 0; c < Candy.count(); c++) assertTrue(s.counts()[c] <= stock[c], Candy.name(c) + " " + s.counts()[c] + " > stock " + stock[c]);
            assertEquals(400, Arrays.stream(s.counts()).sum());
        }
        long[] tooFew = new long[Candy.count()];
        tooFew[Candy.index("red")] = 10;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MosaicEngine.run(photo("astronaut.png"), lib, settings(Layout.Kind.SQUARE, 20, false, allowed, tooFew), () -> false));
        assertTrue(e.getMessage().contains("10 candies for 400 cells"), e.getMessage());
    }

    @Test void ditheringMakesLightPinkAMixOfPinkAndWhite() {
        TileLibrary lib = TileLibrary.builtIn(TileRenderer.View.TOP, 12);
        int[] px = new int[240 * 240];
        Arrays.fill(px, 0xF8C8DC); // light pink, between the pink and the white candy
        Raster patch = new Raster(240, 240, px, SRC);
        MosaicEngine.Result plain = MosaicEngine.run(patch, lib, settings(Layout.Kind.SQUARE, 20, false, null, null), () -> false);
        MosaicEngine.Result mixed = MosaicEngine.run(patch, lib, settings(Layout.Kind.SQUARE, 20, true, null, null), () -> false);
        long pink = mixed.counts()[Candy.index("pink")], white = mixed.counts()[Candy.index("white")];
        assertTrue(Arrays.stream(plain.counts()).filter(n -> n > 0).count() == 1, "without dithering one colour fills a flat patch");
        assertTrue(pink > 40 && white > 40 && pink + white >= 380, "pink " + pink + ", white " + white + ": " + Arrays.toString(mixed.counts()));
    }

    @Test void aLibraryFolderWithAStrayFileOrAMisfitTileIsAClearError() throws Exception {
        TileLibrary lib = TileLibrary.builtIn(TileRenderer.View.TOP, 16);
        ImageIO.write(lib.tiles.get(0).image(0), "png", dir.resolve("blue-1.png").toFile());
        ImageIO.write(lib.tiles.get(7).image(0), "png", dir.resolve("red-1.png").toFile());
        assertEquals(2, TileLibrary.folder(dir, TileRenderer.View.TOP).tiles.size());
        Files.writeString(dir.resolve("notes.txt"), "my candies");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TileLibrary.folder(dir, TileRenderer.View.TOP));
        assertTrue(e.getMessage().contains("notes.txt is not a PNG tile"), e.getMessage());
        Files.delete(dir.resolve("notes.txt"));
        ImageIO.write(TileLibrary.builtIn(TileRenderer.View.TOP, 20).tiles.get(1).image(0), "png", dir.resolve("green-1.png").toFile());
        e = assertThrows(IllegalArgumentException.class, () -> TileLibrary.folder(dir, TileRenderer.View.TOP));
        assertTrue(e.getMessage().contains("red-1.png is 20x20 but blue-1.png is 16x16") || e.getMessage().contains("green-1.png is 20x20 but blue-1.png is 16x16"),
                e.getMessage());
        Files.delete(dir.resolve("green-1.png"));
        Files.writeString(dir.resolve("teal-1.png"), "not a png at all");
        e = assertThrows(IllegalArgumentException.class, () -> TileLibrary.folder(dir, TileRenderer.View.TOP));
        assertTrue(e.getMessage().contains("teal-1.png does not start with a candy colour"), e.getMessage());
        Files.delete(dir.resolve("teal-1.png"));
        Files.writeString(dir.resolve("pink-1.png"), "not a png at all");
        e = assertThrows(IllegalArgumentException.class, () -> TileLibrary.folder(dir, TileRenderer.View.TOP));
        assertTrue(e.getMessage().contains("pink-1.png is not an image"), e.getMessage());
    }

    @Test void aLibraryCutFromTheCandyPhotoReadsBackAndMakesAMosaic() throws Exception {
        LibraryMaker.Made m = LibraryMaker.make(SegmenterTest.PHOTO, dir.resolve("lib"), 24);
        assertEquals(46, m.files().size());
        TileLibrary lib = TileLibrary.folder(dir.resolve("lib"), TileRenderer.View.TOP);
        assertEquals(46, lib.tiles.size());
        assertEquals(24, lib.size);
        boolean[] has = lib.coloursPresent();
        for (int c = 0; c < Candy.count(); c++) assertTrue(has[c], Candy.name(c));
        MosaicEngine.Result r = MosaicEngine.run(photo("chelsea.png"), lib, settings(Layout.Kind.HEX, 12, false, null, null), () -> false);
        assertEquals(r.layout().cells(), Arrays.stream(r.counts()).sum());
    }

    @Test void oneByOneAndOneByManyImagesWork() {
        TileLibrary lib = TileLibrary.builtIn(TileRenderer.View.TOP, 8);
        for (int[] size : new int[][] {{1, 1}, {1, 40}, {40, 1}}) {
            Raster r = new Raster(size[0], size[1], new int[size[0] * size[1]], SRC);
            for (Layout.Kind k : Layout.Kind.values()) {
                MosaicEngine.Result m = MosaicEngine.run(r, lib, settings(k, 1, true, null, null), () -> false);
                assertEquals(m.layout().cells(), Arrays.stream(m.counts()).sum());
            }
        }
    }

    @Test void anAutomaticBoardIsDarkForADarkPhotoAndWhiteForALightOne() {
        TileLibrary lib = TileLibrary.builtIn(TileRenderer.View.TOP, 12);
        for (int[] grey : new int[][] {{0x181818, MosaicEngine.DARK_BOARD}, {0xF0F0F0, MosaicEngine.WHITE_BOARD}}) {
            int[] px = new int[100 * 100];
            Arrays.fill(px, grey[0]);
            MosaicEngine.Result r = MosaicEngine.run(new Raster(100, 100, px, SRC), lib,
                    new MosaicEngine.Settings(Layout.Kind.SQUARE, 10, 12, MosaicEngine.Matching.PIXELS, false, Kernel.FLOYD_STEINBERG, true,
                            MosaicEngine.AUTO, all(), null), () -> false);
            assertEquals(grey[1], r.board(), String.format("photo #%06X", grey[0]));
        }
    }

    /** On their side at half a pitch thick, candies give twice the rows on the same board: the seed's extra resolution. */
    @Test void sideOnCandiesPackAtTheirThicknessForTwiceTheRows() throws Exception {
        BufferedImage photo = ImageIO.read(Path.of(System.getProperty("atelier.samples", "../../runtime/samples")).resolve("chelsea.png").toFile());
        int w = photo.getWidth(), h = photo.getHeight();
        Raster in = new Raster(w, h, photo.getRGB(0, 0, w, h, null, 0, w), SRC);
        TileLibrary top = TileLibrary.builtIn(TileRenderer.View.TOP, 16), side = TileLibrary.builtIn(TileRenderer.View.SIDE, 16);
        // the square grid seen from the top: one candy a pitch each way
        Layout a = MosaicEngine.run(in, top, settings(Layout.Kind.SQUARE, 30, false, null, null), () -> false).layout();
        for (Layout.Kind kind : Layout.Kind.values()) {
            MosaicEngine.Result edge = MosaicEngine.run(in, side, settings(kind, 30, false, null, null).withBand(0.5), () -> false);
            Layout b = edge.layout();
            assertEquals(2 * a.rows, b.rows, kind + ": " + a.rows + " rows from the top, " + b.rows + " on their side");
            assertEquals(a.heightPitches(), b.heightPitches(), 1e-9, kind + ": the same board height");
            assertEquals(b.cols * b.rows, Arrays.stream(edge.counts()).sum(), "one candy per cell in the bill of materials");
            for (int r : edge.rotation()) assertTrue(r == 0 || r == 2, "on their side candies lie along the rows: quarter turns " + r);
            assertEquals(b.height(), edge.rgb().length / b.width());
            String bom = Bom.report("chelsea", edge, new Bom.Costs(10, 1, 0.01, "£"));
            assertTrue(bom.contains("on their side") && bom.contains("rows 5.0 mm apart"), bom);
        }
        assertThrows(IllegalArgumentException.class, () -> new Layout(Layout.Kind.SQUARE, 3, 3, 16, 0));
        assertThrows(IllegalArgumentException.class, () -> new Layout(Layout.Kind.SQUARE, 3, 3, 16, 1.5));
    }

    /** Build sheets: an overview page, then one page per section with its name, numbered rows and columns, and counts that add up. */
    @Test void buildSheetsHaveAPagePerSectionAndCountsThatAddUp() throws Exception {
        BufferedImage photo = ImageIO.read(Path.of(System.getProperty("atelier.samples", "../../runtime/samples")).resolve("chelsea.png").toFile());
        int w = photo.getWidth(), h = photo.getHeight();
        Raster in = new Raster(w, h, photo.getRGB(0, 0, w, h, null, 0, w), SRC);
        for (boolean side : new boolean[] {false, true}) {
            TileLibrary lib = TileLibrary.builtIn(side ? TileRenderer.View.SIDE : TileRenderer.View.TOP, 12);
            MosaicEngine.Settings s = settings(side ? Layout.Kind.SQUARE : Layout.Kind.HEX, 30, false, null, null);
            MosaicEngine.Result r = MosaicEngine.run(in, lib, side ? s.withBand(0.5) : s, () -> false);
            Layout l = r.layout();
            byte[] pdf = BuildSheets.pdf("chelsea", r, new Bom.Costs(10, 1, 0.01, "£"), BuildSheets.paper("letter"), 20);
            int sections = ((l.rows + 19) / 20) * ((l.cols + 19) / 20);
            try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
                assertEquals(1 + sections, doc.getNumberOfPages(), l.cols + " x " + l.rows);
                assertEquals(org.apache.pdfbox.pdmodel.common.PDRectangle.LETTER.getWidth(), doc.getPage(0).getMediaBox().getWidth(), 0.01);
                org.apache.pdfbox.text.PDFTextStripper text = new org.apache.pdfbox.text.PDFTextStripper();
                String all = text.getText(doc);
                assertTrue(all.contains("Section A1") && all.contains("Section B2"), all.substring(0, Math.min(400, all.length())));
                assertTrue(all.contains(l.cols + " x " + l.rows + " candies"), "the overview says the size");
                // every section's "total N" adds up to the cells, and the overview's total is the cells too
                long sum = 0;
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("total (\\d+)").matcher(all);
                java.util.List<Long> totals = new java.util.ArrayList<>();
                while (m.find()) totals.add(Long.parseLong(m.group(1)));
                assertEquals(1 + sections, totals.size());
                for (int i = 1; i < totals.size(); i++) sum += totals.get(i);
                assertEquals(l.cells(), totals.get(0));
                assertEquals(l.cells(), sum);
                text.setStartPage(2);
                text.setEndPage(2);
                String first = text.getText(doc);
                assertTrue(first.contains("rows 1-20, columns 1-20"), first.substring(0, Math.min(300, first.length())));
            }
        }
        assertEquals("A1", BuildSheets.section(0, 0));
        assertEquals("Z3", BuildSheets.section(25, 2));
        assertEquals("AA1", BuildSheets.section(26, 0));
        assertThrows(IllegalArgumentException.class, () -> BuildSheets.paper("a3"));
    }
}
