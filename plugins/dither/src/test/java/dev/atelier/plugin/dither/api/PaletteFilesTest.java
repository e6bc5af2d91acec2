package dev.atelier.plugin.dither.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaletteFilesTest {
    @TempDir Path dir;

    @Test void readsGimpPalettes() throws Exception {
        Path f = Files.writeString(dir.resolve("sunset.gpl"), "GIMP Palette\nName: Sunset\nColumns: 4\n#\n255 128   0 Orange\n 12  34  56\n0 0 0 Black\n");
        Palette p = PaletteFiles.read(f);
        assertArrayEquals(new int[] {0xFF8000, 0x0C2238, 0x000000}, p.colours());
        assertEquals("Orange", p.colourName(0));
        assertEquals("#0c2238", p.colourName(1));
        assertEquals("sunset", p.name());
    }

    @Test void readsHexListsWithCommentsAndNames() throws Exception {
        Path f = Files.writeString(dir.resolve("mine.txt"), "# my colours\n#ff0000 red\n00ff00\n\n// blue next\n#0000FF  deep blue\n");
        Palette p = PaletteFiles.read(f);
        assertArrayEquals(new int[] {0xFF0000, 0x00FF00, 0x0000FF}, p.colours());
        assertEquals("deep blue", p.colourName(2));
    }

    @Test void readsTheColoursOfAnImage() throws Exception {
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0x112233);
        img.setRGB(1, 0, 0x445566);
        img.setRGB(2, 0, 0x112233);
        Path f = dir.resolve("swatches.png");
        ImageIO.write(img, "png", f.toFile());
        assertArrayEquals(new int[] {0x112233, 0x445566}, PaletteFiles.read(f).colours());
    }

    @Test void aBadLineIsAnErrorNamingFileAndLine() throws Exception {
        Path gpl = Files.writeString(dir.resolve("bad.gpl"), "GIMP Palette\nName: x\n255 0 0 Red\n255 zero 0\n");
        IOException e = assertThrows(IOException.class, () -> PaletteFiles.read(gpl));
        assertTrue(e.getMessage().contains("bad.gpl:4: not a colour") && !e.getMessage().contains("zero"), e.getMessage());
        Path range = Files.writeString(dir.resolve("range.gpl"), "GIMP Palette\n300 0 0\n0 0 0\n");
        assertTrue(assertThrows(IOException.class, () -> PaletteFiles.read(range)).getMessage().contains("range.gpl:2:"));
        Path hex = Files.writeString(dir.resolve("bad.txt"), "#ff0000\n#00ff0\n");
        assertTrue(assertThrows(IOException.class, () -> PaletteFiles.read(hex)).getMessage().contains("bad.txt:2: not a colour"));
        Path dup = Files.writeString(dir.resolve("dup.txt"), "#ff0000\n#FF0000\n");
        assertTrue(assertThrows(IOException.class, () -> PaletteFiles.read(dup)).getMessage().contains("dup.txt:2:"));
    }

    @Test void emptyAndOneColourFilesAreRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "# nothing\n");
        assertTrue(assertThrows(IOException.class, () -> PaletteFiles.read(empty)).getMessage().contains("holds 0 colour(s)"));
        Path one = Files.writeString(dir.resolve("one.txt"), "#123456\n");
        assertTrue(assertThrows(IOException.class, () -> PaletteFiles.read(one)).getMessage().contains("at least 2"));
        assertTrue(assertThrows(IOException.class, () -> PaletteFiles.read(dir.resolve("none.gpl"))).getMessage().contains("no such palette file"));
    }
}
