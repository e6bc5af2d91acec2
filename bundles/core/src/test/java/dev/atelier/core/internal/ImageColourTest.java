package dev.atelier.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atelier.api.Raster;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grey, 16-bit, transparent, CMYK and animated inputs decode to the values a person expects, or are refused in words. */
class ImageColourTest {
    @TempDir Path dir;

    private static BufferedImage greyRamp(int type, int max) {
        BufferedImage img = new BufferedImage(64, 32, type);
        WritableRaster r = img.getRaster();
        Random rnd = new Random(7);
        for (int y = 0; y < 32; y++) for (int x = 0; x < 64; x++) r.setSample(x, y, 0, y < 16 ? x * max / 63 : rnd.nextInt(max + 1));
        return img;
    }

    @Test void greyPngValuesPassThroughUnchanged() throws Exception {
        BufferedImage img = greyRamp(BufferedImage.TYPE_BYTE_GRAY, 255);
        img.getRaster().setSample(0, 0, 0, 30);
        img.getRaster().setSample(1, 0, 0, 128);
        Path f = dir.resolve("grey.png");
        ImageIO.write(img, "png", f.toFile());
        Raster r = ImageDecoder.decode(f, 100);
        assertEquals(0x1E1E1E, r.rgb(0, 0), "grey 30 stays 30 (the JDK's getRGB made it 96)");
        assertEquals(0x808080, r.rgb(1, 0));
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 64; x++) {
                int v = img.getRaster().getSample(x, y, 0);
                assertEquals(v << 16 | v << 8 | v, r.rgb(x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test void sixteenBitGreyIsScaledNotLinearised() throws Exception {
        BufferedImage img = greyRamp(BufferedImage.TYPE_USHORT_GRAY, 65535);
        Path f = dir.resolve("grey16.png");
        ImageIO.write(img, "png", f.toFile());
        Raster r = ImageDecoder.decode(f, 100);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 64; x++) {
                int v = (int) ((img.getRaster().getSample(x, y, 0) * 255L + 32767) / 65535);
                assertEquals(v << 16 | v << 8 | v, r.rgb(x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test void greyJpegGivesTheDecodersExactValues() throws Exception {
        Path djpeg = Path.of("/usr/bin/djpeg");
        assumeTrue(Files.isExecutable(djpeg), "djpeg (libjpeg-turbo-progs) compares our decoding with libjpeg's");
        BufferedImage photo = ImageIO.read(ImageDecoderTest.SAMPLES.resolve("chelsea.png").toFile());
        BufferedImage grey = new BufferedImage(photo.getWidth(), photo.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(photo, 0, 0, null);
        Path jpg = dir.resolve("grey.jpg");
        ImageIO.write(grey, "jpeg", jpg.toFile());
        Path pgm = dir.resolve("grey.pgm");
        Process p = new ProcessBuilder(djpeg.toString(), "-pnm", "-outfile", pgm.toString(), jpg.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        byte[] ref = Files.readAllBytes(pgm);
        // a binary PGM: "P5\nW H\n255\n" then one byte a pixel
        String header = new String(ref, 0, 20, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("P5"), "djpeg wrote a grey PGM for a 1-component JPEG");
        int offset = 0;
        for (int lines = 0; lines < 3; offset++) if (ref[offset] == '\n') lines++;
        Raster r = ImageDecoder.decode(jpg, 100);
        int w = r.width(), differ = 0, worst = 0;
        for (int i = 0; i < w * r.height(); i++) {
            int expected = ref[offset + i] & 0xFF, got = r.pixels()[i];
            assertEquals(got & 0xFF, got >> 16 & 0xFF, "stays grey");
            int d = Math.abs((got & 0xFF) - expected);
            if (d != 0) differ++;
            worst = Math.max(worst, d);
        }
        // the JDK's libjpeg and libjpeg-turbo share the islow IDCT; allow a rounding step on a few pixels at most
        assertTrue(worst <= 1 && differ < w * r.height() / 1000, "worst " + worst + ", " + differ + " pixels differ");
    }

    @Test void transparencyIsLaidOverWhiteNeverShowingHiddenColour() throws Exception {
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x00FF0000); // fully transparent red
        img.setRGB(1, 0, 0x80000000); // half transparent black
        img.setRGB(2, 0, 0xFF123456); // opaque
        Path f = dir.resolve("alpha.png");
        ImageIO.write(img, "png", f.toFile());
        Raster r = ImageDecoder.decode(f, 100);
        assertEquals(0xFFFFFF, r.rgb(0, 0));
        assertEquals(0x7F7F7F, r.rgb(1, 0));
        assertEquals(0x123456, r.rgb(2, 0));
        Raster onBlack = ImageDecoder.decode(f, 100, 0x000000, new ArrayList<>());
        assertEquals(0x000000, onBlack.rgb(0, 0), "the background is the decoder's setting");
    }

    @Test void greyWithAlphaIsLaidOverTheBackgroundToo() throws Exception {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x00000000);
        img.setRGB(1, 0, 0xFF1E1E1E);
        Path f = dir.resolve("ga.png");
        // written as an 8-bit grey+alpha PNG
        BufferedImage ga = new javax.imageio.ImageTypeSpecifier(new java.awt.image.ComponentColorModel(
                java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_GRAY), true, false, java.awt.Transparency.TRANSLUCENT,
                java.awt.image.DataBuffer.TYPE_BYTE), new java.awt.image.PixelInterleavedSampleModel(java.awt.image.DataBuffer.TYPE_BYTE, 2, 1, 2, 4, new int[] {0, 1}))
                .createBufferedImage(2, 1);
        ga.getRaster().setPixel(0, 0, new int[] {0, 0});
        ga.getRaster().setPixel(1, 0, new int[] {30, 255});
        ImageIO.write(ga, "png", f.toFile());
        Raster r = ImageDecoder.decode(f, 100);
        assertEquals(0xFFFFFF, r.rgb(0, 0));
        assertEquals(0x1E1E1E, r.rgb(1, 0));
    }

    @Test void aCmykJpegIsRefusedInWords() throws Exception {
        WritableRaster cmyk = java.awt.image.Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) cmyk.setPixel(x, y, new int[] {x * 16, y * 16, 40, 10});
        Path f = dir.resolve("print.jpg");
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(f.toFile())) {
            w.setOutput(out);
            w.write(null, new IIOImage(cmyk, null, null), w.getDefaultWriteParam());
        } finally {
            w.dispose();
        }
        assertEquals(4, ImageDecoder.components(f));
        String m = assertThrows(IOException.class, () -> ImageDecoder.decode(f, 100)).getMessage();
        assertTrue(m.contains("CMYK") && m.contains("convert") && !m.contains("corrupt"), m);
    }

    @Test void anAnimatedGifSaysItsFirstFrameIsUsed() throws Exception {
        Path f = dir.resolve("anim.gif");
        ImageWriter w = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(f.toFile())) {
            w.setOutput(out);
            w.prepareWriteSequence(null);
            for (int i = 0; i < 3; i++) {
                BufferedImage frame = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                frame.setRGB(0, 0, i == 0 ? 0xFF0000 : 0x0000FF);
                w.writeToSequence(new IIOImage(frame, null, null), null);
            }
            w.endWriteSequence();
        } finally {
            w.dispose();
        }
        List<String> notes = new ArrayList<>();
        Raster r = ImageDecoder.decode(f, 100, 0xFFFFFF, notes);
        assertEquals(List.of("anim.gif: an animated GIF of 3 frames; the first frame is used"), notes);
        assertEquals(0xFF0000, r.rgb(0, 0), "the first frame's red");
    }
}
