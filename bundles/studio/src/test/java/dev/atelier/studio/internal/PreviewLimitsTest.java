package dev.atelier.studio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A photo over the host's size limit is refused from its header; a large one is reduced without decoding all of it at full size. */
class PreviewLimitsTest {
    @TempDir Path dir;

    /** A valid PNG of 40000 x 40000 black pixels (1 bit each): 200 MB of pixels in about 200 KB of file. */
    static byte[] decompressionBomb() throws Exception {
        int w = 40_000, h = 40_000;
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new java.util.zip.Deflater(9))) {
            byte[] row = new byte[1 + w / 8]; // filter byte 0, then zeros
            for (int y = 0; y < h; y++) z.write(row);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeaderWhereverItComesIn() throws Exception {
        byte[] bomb = decompressionBomb();
        assertTrue(bomb.length < 1_000_000, "a small file: " + bomb.length);
        Previews.Failure upload = assertThrows(Previews.Failure.class,
                () -> Uploads.save(dir.resolve("inputs"), "bomb.png", new ByteArrayInputStream(bomb), bomb.length, 100));
        assertEquals(413, upload.status);
        assertTrue(upload.getMessage().contains("40000 x 40000") && upload.getMessage().contains("max.megapixels"), upload.getMessage());
        try (Stream<Path> left = Files.list(dir.resolve("inputs"))) {
            assertEquals(0, left.count(), "nothing kept of a refused upload");
        }
        // one already in the home's samples/ (copied there by hand) is refused by the preview and the crop alike
        Path samples = Files.createDirectories(dir.resolve("samples"));
        Files.write(samples.resolve("bomb.png"), bomb);
        Previews previews = new Previews(null, null, () -> 100, List.of(samples), Files.createDirectories(dir.resolve("work")));
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        Previews.Failure reduced = assertThrows(Previews.Failure.class, () -> previews.reduced("samples/bomb.png"));
        assertEquals(413, reduced.status);
        assertTrue(reduced.getMessage().startsWith("samples/bomb.png is 40000 x 40000 pixels (1600.0 MP), over the host's limit of 100.0 MP"), reduced.getMessage());
        assertEquals(413, assertThrows(Previews.Failure.class, () -> previews.cropped("samples/bomb.png")).status);
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertTrue(after - before < 100_000_000, "the pixels were never decoded (" + (after - before) / 1_000_000 + " MB more in use)");
        // a limit raised in the jobs configuration lets the same photo through the upload
        assertEquals(dir.resolve("inputs/bomb.png"), Uploads.save(dir.resolve("inputs"), "bomb.png", new ByteArrayInputStream(bomb), bomb.length, 2000));
    }

    @Test
    void aLargePhotoIsReducedToAboutAMegapixelAndStillLooksLikeIt() throws Exception {
        Path samples = Files.createDirectories(dir.resolve("samples"));
        BufferedImage photo = ImageIO.read(Path.of(System.getProperty("atelier.samples")).resolve("astronaut.png").toFile());
        BufferedImage big = new BufferedImage(6000, 4000, BufferedImage.TYPE_INT_RGB);
        var g = big.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(photo, 0, 0, 6000, 4000, null);
        g.dispose();
        ImageIO.write(big, "png", samples.resolve("big.png").toFile());
        Previews previews = new Previews(null, null, () -> 100, List.of(samples), Files.createDirectories(dir.resolve("work")));
        BufferedImage copy = ImageIO.read(previews.reduced("samples/big.png").toFile());
        long pixels = (long) copy.getWidth() * copy.getHeight();
        assertTrue(pixels > 900_000 && pixels < 1_100_000, copy.getWidth() + "x" + copy.getHeight());
        assertEquals(1.5, (double) copy.getWidth() / copy.getHeight(), 0.01, "the photo's shape");
        // against the whole photo scaled down in one go: the same picture, only resampled differently
        BufferedImage expected = new BufferedImage(copy.getWidth(), copy.getHeight(), BufferedImage.TYPE_INT_RGB);
        expected.createGraphics().drawImage(big.getScaledInstance(copy.getWidth(), copy.getHeight(), java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
        long diff = 0, n = 0;
        for (int y = 0; y < copy.getHeight(); y += 3) for (int x = 0; x < copy.getWidth(); x += 3, n++) {
            int a = copy.getRGB(x, y), b = expected.getRGB(x, y);
            for (int s = 0; s < 24; s += 8) diff += Math.abs((a >> s & 0xFF) - (b >> s & 0xFF));
        }
        double mean = diff / (3.0 * n);
        assertTrue(mean < 4, "mean difference per channel " + mean);
    }
}
