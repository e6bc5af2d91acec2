package dev.atelier.studio.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreviewCropTest {
    @TempDir Path dir;

    @Test
    void aJpegsCropKeepsItsOwnTablesTheGridAndItsPixelsAtFullSize() throws Exception {
        Path samples = Files.createDirectories(dir.resolve("samples"));
        BufferedImage photo = ImageIO.read(Path.of(System.getProperty("atelier.samples")).resolve("astronaut.png").toFile());
        BufferedImage big = new BufferedImage(1600, 1200, BufferedImage.TYPE_INT_RGB);
        big.createGraphics().drawImage(photo, 0, 0, 1600, 1200, null);
        Path jpeg = samples.resolve("big.jpg");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = writer.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.1f);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(jpeg.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(big, null, null), p);
        }
        Previews previews = new Previews(null, null, () -> 100, List.of(samples), Files.createDirectories(dir.resolve("work")));
        Path crop = previews.cropped("samples/big.jpg");
        assertTrue(crop.toString().endsWith(".jpg"), crop.toString());
        BufferedImage c = ImageIO.read(crop.toFile());
        assertEquals(1024 + "x" + 1024, c.getWidth() + "x" + c.getHeight(), "a megapixel at the photo's own scale");
        // the quantisation tables the deblocking filter reads are the photo's own
        assertArrayEquals(segments(Files.readAllBytes(jpeg), 0xDB), segments(Files.readAllBytes(crop), 0xDB));
        // the crop starts on the 16-pixel grid: (1600-1024)/2 = 288 and (1200-1024)/2 = 88 -> 80
        BufferedImage original = ImageIO.read(jpeg.toFile());
        long diff = 0;
        for (int y = 0; y < 1024; y += 7) for (int x = 0; x < 1024; x += 7) {
            int a = original.getRGB(288 + x, 80 + y), b = c.getRGB(x, y);
            for (int s = 0; s < 24; s += 8) diff += Math.abs((a >> s & 0xFF) - (b >> s & 0xFF));
        }
        double mean = diff / (3.0 * (1024 / 7 + 1) * (1024 / 7 + 1));
        assertTrue(mean < 3, "the crop's pixels are the photo's at that place (mean difference " + mean + " after re-encoding with the same tables)");
    }

    /** The bytes of every marker segment of one kind (0xDB: the quantisation tables), in order. */
    private static byte[] segments(byte[] jpeg, int marker) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 2;
        while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
            int m = jpeg[i + 1] & 0xFF, len = (jpeg[i + 2] & 0xFF) << 8 | (jpeg[i + 3] & 0xFF);
            if (m == marker) out.write(jpeg, i + 4, len - 2);
            if (m == 0xDA) break;
            i += 2 + len;
        }
        return out.toByteArray();
    }
}
