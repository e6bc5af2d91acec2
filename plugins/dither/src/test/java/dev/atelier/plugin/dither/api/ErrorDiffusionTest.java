package dev.atelier.plugin.dither.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ErrorDiffusionTest {
    static final Path SAMPLES = Path.of(System.getProperty("atelier.samples", "../../runtime/samples"));

    static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    static int[] flat(int n, int rgb) {
        int[] a = new int[n];
        Arrays.fill(a, rgb);
        return a;
    }

    @Test void everyOutputPixelIsAPaletteColourForEveryKernel() throws Exception {
        BufferedImage photo = ImageIO.read(SAMPLES.resolve("chelsea.png").toFile());
        int[] px = pixels(photo);
        for (String name : new String[] {"ega", "cga", "candy", "grey4"}) {
            Palette p = Palettes.named(name);
            Set<Integer> allowed = Arrays.stream(p.colours()).boxed().collect(Collectors.toSet());
            for (Kernel k : Kernel.values()) {
                int[] out = new ErrorDiffusion(p, k, true, 1, ErrorDiffusion.Space.LINEAR).apply(px, photo.getWidth(), photo.getHeight(), null, () -> false);
                for (int v : out) assertTrue(allowed.contains(v), name + "/" + k + ": " + Integer.toHexString(v));
            }
        }
    }

    @Test void aFlatPaletteColourStaysUntouched() {
        Palette ega = Palettes.named("ega");
        for (int c : ega.colours()) {
            int[] out = new ErrorDiffusion(ega, Kernel.FLOYD_STEINBERG, true, 1, ErrorDiffusion.Space.LINEAR).apply(flat(64 * 48, c), 64, 48, null, () -> false);
            assertArrayEquals(flat(64 * 48, c), out);
        }
    }

    @Test void theMeanColourOfAFlatPatchIsKeptInLinearLight() {
        Palette bw = Palettes.named("bw");
        for (int grey : new int[] {0x40, 0x80, 0xC0}) {
            int w = 128, h = 128;
            long[] counts = new long[2];
            new ErrorDiffusion(bw, Kernel.FLOYD_STEINBERG, true, 1, ErrorDiffusion.Space.LINEAR)
                    .apply(flat(w * h, grey << 16 | grey << 8 | grey), w, h, counts, () -> false);
            double whiteShare = counts[1] / (double) (w * h);
            assertEquals(Colour.linear(grey), whiteShare, 0.01, "share of white for grey " + grey);
        }
        // in sRGB the share follows the sRGB value instead: the comparison option the docs show
        long[] counts = new long[2];
        new ErrorDiffusion(bw, Kernel.FLOYD_STEINBERG, true, 1, ErrorDiffusion.Space.SRGB).apply(flat(128 * 128, 0x808080), 128, 128, counts, () -> false);
        assertEquals(0x80 / 255.0, counts[1] / (128.0 * 128), 0.01);
    }

    @Test void serpentineAndPlainScansDiffer() throws Exception {
        BufferedImage photo = ImageIO.read(SAMPLES.resolve("coffee.png").toFile());
        int[] px = pixels(photo);
        Palette p = Palettes.named("cga");
        int[] a = new ErrorDiffusion(p, Kernel.FLOYD_STEINBERG, true, 1, ErrorDiffusion.Space.LINEAR).apply(px, photo.getWidth(), photo.getHeight(), null, () -> false);
        int[] b = new ErrorDiffusion(p, Kernel.FLOYD_STEINBERG, false, 1, ErrorDiffusion.Space.LINEAR).apply(px, photo.getWidth(), photo.getHeight(), null, () -> false);
        assertFalse(Arrays.equals(a, b));
        // the first row is scanned left to right either way
        assertArrayEquals(Arrays.copyOf(a, photo.getWidth()), Arrays.copyOf(b, photo.getWidth()));
    }

    @Test void kernelWeightsSumAsPublished() {
        for (Kernel k : Kernel.values()) {
            int sum = Arrays.stream(k.taps()).mapToInt(t -> t[2]).sum();
            if (k == Kernel.ATKINSON) assertEquals(6, sum, "Atkinson passes on 6/8");
            else assertEquals(k.divisor(), sum, k.id());
        }
        assertEquals(2, Kernel.STUCKI.depth());
        assertEquals(Kernel.SIERRA_LITE, Kernel.of("sierra-lite"));
    }

    @Test void tinyImagesWork() {
        Palette bw = Palettes.named("bw");
        ErrorDiffusion ed = new ErrorDiffusion(bw, Kernel.JARVIS_JUDICE_NINKE, true, 1, ErrorDiffusion.Space.LINEAR);
        assertArrayEquals(new int[] {0xFFFFFF}, ed.apply(new int[] {0xEEEEEE}, 1, 1, null, () -> false));
        assertEquals(7, ed.apply(flat(7, 0x777777), 7, 1, null, () -> false).length);
        assertEquals(7, ed.apply(flat(7, 0x777777), 1, 7, null, () -> false).length);
    }

    @Test void emptyOneColourOrDuplicatePalettesAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Palette.of("none")).getMessage().contains("at least 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Palette.of("one", 0x123456)).getMessage().contains("at least 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Palette.of("dup", 1, 1)).getMessage().contains("twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Palettes.named("vga")).getMessage().contains("no palette named 'vga'"));
        assertEquals(16, Palettes.named("grey16").size());
    }
}
