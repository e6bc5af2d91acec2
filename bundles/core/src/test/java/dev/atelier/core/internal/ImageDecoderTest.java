package dev.atelier.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.api.Raster;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {
    @TempDir Path dir;

    static final Path SAMPLES = Path.of(System.getProperty("atelier.samples", "../../runtime/samples"));

    @Test void decodesTheSamplePhotosWithTheirMetadata() throws Exception {
        Raster png = ImageDecoder.decode(SAMPLES.resolve("chelsea.png"), 100);
        assertEquals(451, png.width());
        assertEquals(300, png.height());
        assertEquals("chelsea", png.source().name());
        assertEquals("png", png.source().format());
        assertNull(png.source().jpeg());

        Raster jpg = ImageDecoder.decode(SAMPLES.resolve("rocket.jpg"), 100);
        assertEquals("jpeg", jpg.source().format());
        assertNotNull(jpg.source().jpeg());
        assertEquals(64, jpg.source().jpeg().quantTables().get(0).length);
        assertEquals(3, jpg.source().jpeg().componentTables().length);
    }

    @Test void estimatesTheQualityOfAJpegFromItsTables() throws Exception {
        for (int q : new int[] {10, 50, 90}) {
            Path f = dir.resolve("q" + q + ".jpg");
            Files.write(f, jpeg(noise(64, 48), q / 100f));
            Raster r = ImageDecoder.decode(f, 100);
            assertEquals(q, r.source().jpeg().quality(), "quality of " + f.getFileName());
            assertEquals("4:2:0", r.source().jpeg().subsampling());
        }
    }

    @Test void refusesADecompressionBombBeforeDecodingIt() throws Exception {
        Path bomb = dir.resolve("bomb.png");
        Files.write(bomb, pngHeader(50_000, 50_000));
        IOException e = assertThrows(IOException.class, () -> ImageDecoder.decode(bomb, 100));
        assertTrue(e.getMessage().contains("50000 x 50000 pixels (2500.0 MP) is over the limit of 100 MP"), e.getMessage());
        assertTrue(e.getMessage().contains("bomb.png"));
    }

    @Test void emptyMissingNonImageAndTruncatedFilesAreClearErrors() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.jpg"));
        assertTrue(assertThrows(IOException.class, () -> ImageDecoder.decode(empty, 100)).getMessage().contains("empty (0 bytes)"));
        assertTrue(assertThrows(IOException.class, () -> ImageDecoder.decode(dir.resolve("nope.png"), 100)).getMessage().contains("no such file"));
        Path text = Files.writeString(dir.resolve("notes.png"), "not an image at all");
        assertTrue(assertThrows(IOException.class, () -> ImageDecoder.decode(text, 100)).getMessage().contains("not an image"));

        byte[] whole = jpeg(noise(256, 256), 0.9f);
        Path cut = dir.resolve("cut.jpg");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        String m = assertThrows(IOException.class, () -> ImageDecoder.decode(cut, 100)).getMessage();
        assertTrue(m.contains("cut.jpg") && (m.contains("truncated") || m.contains("corrupt")), m);

        byte[] png = Files.readAllBytes(SAMPLES.resolve("chelsea.png"));
        Path cutPng = dir.resolve("cut.png");
        Files.write(cutPng, Arrays.copyOf(png, png.length / 2));
        String mp = assertThrows(IOException.class, () -> ImageDecoder.decode(cutPng, 100)).getMessage();
        assertTrue(mp.contains("cut.png") && (mp.contains("truncated") || mp.contains("corrupt")), mp);
    }

    static BufferedImage noise(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(1);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, r.nextInt(0x1000000));
        return img;
    }

    static byte[] jpeg(BufferedImage img, float quality) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            w.setOutput(out);
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            w.write(null, new IIOImage(img, null, null), p);
        }
        w.dispose();
        return bytes.toByteArray();
    }

    /** A PNG signature and IHDR chunk claiming the given size, then a scrap of data: what a bomb's header looks like. */
    static byte[] pngHeader(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12 + 12);
        b.put(new byte[] {(byte) 137, 80, 78, 71, 13, 10, 26, 10});
        ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes()).putInt(w).putInt(h).put(new byte[] {8, 2, 0, 0, 0});
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        b.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        b.putInt(0).put("IDAT".getBytes()).putInt(0);
        return b.array();
    }

    /**
     * Uncompressed 24-bit and 8-bit BMPs are read without Image I/O (the Studio's preview copies): the same pixels
     * as Image I/O gives, for odd widths (rows padded to 4 bytes), bottom-up and top-down files; other BMPs and a
     * short file go to Image I/O as before.
     */
    @Test void uncompressedBmpsReadAsImageIoReadsThem() throws Exception {
        Random random = new Random(7);
        for (int width : new int[] {1, 2, 3, 5, 333}) {
            BufferedImage image = new BufferedImage(width, 17, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 17; y++) for (int x = 0; x < width; x++) image.setRGB(x, y, random.nextInt(1 << 24));
            Path file = dir.resolve("p" + width + ".bmp");
            assertTrue(ImageIO.write(image, "bmp", file.toFile()));
            assertNotNull(Bmp.read(file, 100), "read without Image I/O");
            Raster fast = ImageDecoder.decode(file, 100);
            BufferedImage slow = ImageIO.read(file.toFile());
            for (int y = 0; y < 17; y++) for (int x = 0; x < width; x++) assertEquals(slow.getRGB(x, y) & 0xFFFFFF, fast.pixels()[y * width + x], x + "," + y);
            assertEquals("bmp", fast.source().format());
            assertEquals("p" + width, fast.source().name());

            // the same file stored top-down (a negative height): rows in the other order
            byte[] bytes = Files.readAllBytes(file);
            ByteBuffer b = ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            int offset = b.getInt(10), stride = (width * 3 + 3) & ~3;
            byte[] flipped = bytes.clone();
            for (int r = 0; r < 17; r++) System.arraycopy(bytes, offset + r * stride, flipped, offset + (16 - r) * stride, stride);
            ByteBuffer.wrap(flipped).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(22, -17);
            Path topDown = dir.resolve("t" + width + ".bmp");
            Files.write(topDown, flipped);
            assertTrue(Arrays.equals(fast.pixels(), ImageDecoder.decode(topDown, 100).pixels()), "top-down");

            // cut short: left to Image I/O, which says the file is truncated or corrupt
            Path shortFile = dir.resolve("s" + width + ".bmp");
            Files.write(shortFile, Arrays.copyOf(bytes, bytes.length - stride));
            assertNull(Bmp.read(shortFile, 100));
        }
        // 8 bits with a colour table (what the file output writes for a dithered image, and Image I/O for an indexed
        // one): read here too, the same pixels; 4 bits stays Image I/O's
        for (int width : new int[] {1, 3, 5, 333}) {
            BufferedImage indexed = new BufferedImage(width, 9, BufferedImage.TYPE_BYTE_INDEXED);
            for (int y = 0; y < 9; y++) for (int x = 0; x < width; x++) indexed.setRGB(x, y, random.nextInt(1 << 24));
            Path eight = dir.resolve("eight" + width + ".bmp");
            assertTrue(ImageIO.write(indexed, "bmp", eight.toFile()));
            assertNotNull(Bmp.read(eight, 100), "8-bit read without Image I/O, width " + width);
            BufferedImage slow = ImageIO.read(eight.toFile());
            int[] fast = ImageDecoder.decode(eight, 100).pixels();
            for (int y = 0; y < 9; y++) for (int x = 0; x < width; x++) assertEquals(slow.getRGB(x, y) & 0xFFFFFF, fast[y * width + x], "8-bit " + x + "," + y);
        }
        BufferedImage four = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_BINARY,
                new java.awt.image.IndexColorModel(4, 16, new byte[16], new byte[16], new byte[16]));
        Path fourBit = dir.resolve("four.bmp");
        assertTrue(ImageIO.write(four, "bmp", fourBit.toFile()));
        assertNull(Bmp.read(fourBit, 100));
        assertEquals(16, ImageDecoder.decode(fourBit, 100).pixels().length);
        // over the megapixel limit: refused by the usual path, with its message
        Path big = dir.resolve("p333.bmp");
        IOException e = assertThrows(IOException.class, () -> ImageDecoder.decode(big, 0.001));
        assertTrue(e.getMessage().contains("over the limit"), e.getMessage());
    }

    /** The last small BMP is kept between decodes: copies only, and a changed file is read again. */
    @Test void aKeptBmpIsHandedOutAsACopyAndForgottenWhenItsFileChanges() throws Exception {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        image.setRGB(5, 5, 0x123456);
        Path file = dir.resolve("kept.bmp");
        assertTrue(ImageIO.write(image, "bmp", file.toFile()));
        int[] first = ImageDecoder.decode(file, 100).pixels();
        assertEquals(0x123456, first[5 * 40 + 5]);
        first[5 * 40 + 5] = 0xFFFFFF; // a plugin writing into its input
        int[] second = ImageDecoder.decode(file, 100).pixels();
        assertEquals(0x123456, second[5 * 40 + 5], "the kept pixels are not the ones handed out");
        assertTrue(first != second);

        // the same size, other pixels, a later modification time: read again
        image.setRGB(5, 5, 0x654321);
        assertTrue(ImageIO.write(image, "bmp", file.toFile()));
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2000));
        assertEquals(0x654321, ImageDecoder.decode(file, 100).pixels()[5 * 40 + 5]);
        // a lower limit than when it was kept: refused as before
        IOException e = assertThrows(IOException.class, () -> ImageDecoder.decode(file, 0.0001));
        assertTrue(e.getMessage().contains("over the limit"), e.getMessage());
    }
}
