package dev.atelier.plugin.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class ImageFormatTest {
    @Test void encodersNeverSpoolThroughTheTemporaryFolder() {
        assertEquals(ImageFormat.PNG, ImageFormat.valueOf("PNG"));
        assertFalse(javax.imageio.ImageIO.getUseCache(), "ImageIO's disk cache would stage every write in java.io.tmpdir");
    }

    /** The BMP written from the raster is the file Image I/O writes for the same pixels, byte for byte, at odd widths too. */
    @Test void bmpsAreWrittenAsImageIoWritesThem() throws Exception {
        java.util.Random random = new java.util.Random(3);
        for (int width : new int[] {1, 2, 3, 4, 7, 301}) {
            int height = 9;
            int[] rgb = new int[width * height];
            for (int i = 0; i < rgb.length; i++) rgb[i] = random.nextInt(1 << 24);
            java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
            image.setRGB(0, 0, width, height, rgb, 0, width);
            java.io.ByteArrayOutputStream imageIo = new java.io.ByteArrayOutputStream(), ours = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "bmp", imageIo);
            BmpWriter.write(width, height, rgb, ours);
            org.junit.jupiter.api.Assertions.assertArrayEquals(imageIo.toByteArray(), ours.toByteArray(), "width " + width);
        }
    }
}
