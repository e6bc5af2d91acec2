package dev.atelier.test.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mosaic filter and the mosaic:library command in the exported jar. */
class MosaicTest {
    static final Path CANDY_PHOTO = Path.of(System.getProperty("atelier.root", "../..")).resolve("plugins/mosaic/src/test/resources/candies.jpg");

    @TempDir Path home;

    @Test void aCandyPortraitWithItsBillOfMaterialsAndChart() throws Exception {
        Path out = AtelierProcess.home(home);
        AtelierProcess.Result r = AtelierProcess.run(home, "run", "-q",
                "mosaic candies=30 layout=hex ! file path=out/{input}.png ! file path=out/{input}-bom.txt attachment=mosaic.bom "
                        + "! file path=out/{input}-chart.csv attachment=mosaic.chart",
                AtelierProcess.SAMPLES.resolve("coffee.png").toString());
        assertEquals(0, r.code(), r.stderr());
        var picture = ImageIO.read(out.resolve("coffee.png").toFile());
        List<String> chart = Files.readAllLines(out.resolve("coffee-chart.csv"));
        String bom = Files.readString(out.resolve("coffee-bom.txt"));
        int cols = chart.get(0).split(",").length, rows = chart.size();
        assertEquals(30, rows, "30 candies on the short edge");
        assertEquals(cols * 24 + 12, picture.getWidth(), "hexagonal rows shifted half a candy");
        long total = Long.parseLong(bom.lines().filter(l -> l.startsWith("total")).findFirst().orElseThrow().trim().split("\\s+")[1]);
        assertEquals((long) cols * rows, total, bom);
        assertTrue(bom.contains("hexagonal packing"), bom);
    }

    /** Candies on their side give twice the rows; the build sheets are a PDF the file output writes, and only to a .pdf. */
    @Test void sideOnCandiesAndBuildSheetsThroughTheJar() throws Exception {
        Path out = AtelierProcess.home(home);
        AtelierProcess.Result r = AtelierProcess.run(home, "run", "-q",
                "mosaic candies=20 view=side sheets=true sheets.section=10 ! file path=out/{input}-chart.csv attachment=mosaic.chart "
                        + "! file path=out/{input}-sheets.pdf attachment=mosaic.sheets",
                AtelierProcess.SAMPLES.resolve("chelsea.png").toString());
        assertEquals(0, r.code(), r.stderr());
        List<String> chart = Files.readAllLines(out.resolve("chelsea-chart.csv"));
        assertEquals(40, chart.size(), "20 candies' height on the short edge, 5 mm thick: 40 rows");
        byte[] pdf = Files.readAllBytes(out.resolve("chelsea-sheets.pdf"));
        assertEquals("%PDF", new String(pdf, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        AtelierProcess.Result wrong = AtelierProcess.run(home, "run", "-q", "mosaic candies=10 sheets=true ! file path=out/x.png attachment=mosaic.sheets",
                AtelierProcess.SAMPLES.resolve("chelsea.png").toString());
        assertEquals(1, wrong.code());
        assertTrue((wrong.stdout() + wrong.stderr()).contains("is a PDF document; write it to a .pdf file"), wrong.stdout() + wrong.stderr());
        assertFalse(Files.exists(out.resolve("x.png")));
    }

    @Test void aLibraryCutFromAPhotoOfCandiesMakesTheMosaic() throws Exception {
        Path out = AtelierProcess.home(home);
        Files.copy(CANDY_PHOTO, home.resolve("candies.jpg"));
        AtelierProcess.Result made = AtelierProcess.run(home, "exec", "mosaic:library candies.jpg my-candies");
        assertEquals(0, made.code(), made.stderr() + made.stdout());
        assertTrue(made.stdout().contains("46 candies found"), made.stdout());
        AtelierProcess.Result r = AtelierProcess.run(home, "run", "-q", "mosaic candies=20 library=my-candies ! file path=out/{input}.png",
                AtelierProcess.SAMPLES.resolve("chelsea.png").toString());
        assertEquals(0, r.code(), r.stderr());
        assertTrue(Files.size(out.resolve("chelsea.png")) > 0);

        Files.writeString(home.resolve("my-candies").resolve("shopping-list.txt"), "more red");
        AtelierProcess.Result bad = AtelierProcess.run(home, "run", "-q", "mosaic library=my-candies ! file path=out/bad.png",
                AtelierProcess.SAMPLES.resolve("chelsea.png").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.stderr().contains("shopping-list.txt is not a PNG tile"), bad.stderr());
        assertFalse(Files.exists(out.resolve("bad.png")), "no output from a failed step");
    }

    @Test void aTextAttachmentToAPictureFileOrTooFewCandiesInStockIsAClearError() throws Exception {
        AtelierProcess.home(home);
        AtelierProcess.Result r = AtelierProcess.run(home, "run", "-q", "mosaic candies=10 ! file path=out/bom.png attachment=mosaic.bom",
                AtelierProcess.SAMPLES.resolve("coffee.png").toString());
        assertEquals(1, r.code());
        assertTrue(r.stderr().contains("'mosaic.bom' is text; write it to a text file"), r.stderr());
        r = AtelierProcess.run(home, "run", "-q", "mosaic candies=10 stock=red:20,white:30 ! file path=out/x.png",
                AtelierProcess.SAMPLES.resolve("coffee.png").toString());
        assertEquals(1, r.code());
        assertTrue(r.stderr().contains("parameter stock: 50 candies for 150 cells"), r.stderr());
    }
}
