package dev.atelier.plugin.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class ImageFormatTest {
    @Test void encodersNeverSpoolThroughTheTemporaryFolder() {
        assertEquals(ImageFormat.PNG, ImageFormat.valueOf("PNG"));
        assertFalse(javax.imageio.ImageIO.getUseCache(), "ImageIO's disk cache would stage every write in java.io.tmpdir");
    }

    /** A 24-bit BMP written from the raster is the file Image I/O writes for the same pixels, byte for byte, at odd widths too. */
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
            BmpWriter.write24(width, height, rgb, ours);
            org.junit.jupiter.api.Assertions.assertArrayEquals(imageIo.toByteArray(), ours.toByteArray(), "width " + width);
        }
    }

    /** 256 colours or fewer: a colour table and a byte a pixel, read back by Image I/O as the same pixels; 257: 24-bit. */
    @Test void bmpsOfFewColoursAreIndexed() throws Exception {
        java.util.Random random = new java.util.Random(5);
        for (int colours : new int[] {1, 2, 16, 256, 257}) {
            int[] palette = new int[colours];
            for (int i = 0; i < colours; i++) palette[i] = random.nextInt(1 << 24);
            for (int width : new int[] {1, 3, 4, 301}) {
                int height = 11;
                int[] rgb = new int[width * height];
                for (int i = 0; i < rgb.length; i++) rgb[i] = palette[i < colours ? i % colours : random.nextInt(colours)] | 0xFF000000;
                java.io.ByteArrayOutputStream ours = new java.io.ByteArrayOutputStream();
                BmpWriter.write(width, height, rgb, ours);
                byte[] file = ours.toByteArray();
                java.awt.image.BufferedImage back = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(file));
                int[] read = back.getRGB(0, 0, width, height, null, 0, width);
                String what = colours + " colours, width " + width;
                for (int i = 0; i < rgb.length; i++) assertEquals(rgb[i], read[i], what + ", pixel " + i);
                int used = (int) java.util.Arrays.stream(rgb).distinct().count();
                boolean indexed = used <= 256;
                assertEquals(indexed ? 8 : 24, file[28], what);
                long stride = indexed ? (width + 3) & ~3 : (width * 3L + 3) & ~3;
                assertEquals(54 + (indexed ? 4L * used : 0) + stride * height, file.length, what);
            }
        }
    }
}
