package dev.atelier.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RasterTest {
    @Test
    void aThreeByteBgrImageGivesTheColoursGetRgbGives() {
        Random random = new Random(7);
        BufferedImage image = new BufferedImage(37, 23, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) image.setRGB(x, y, random.nextInt(0x1000000));
        }
        assertArrayEquals(viaGetRgb(image), Raster.fromImage(image, ImageSource.synthetic("t", 37, 23)).pixels());
        // a part of it shares the whole image's bytes with an offset and a longer row: the general path, same colours
        BufferedImage part = image.getSubimage(3, 2, 20, 11);
        assertArrayEquals(viaGetRgb(part), Raster.fromImage(part, ImageSource.synthetic("p", 20, 11)).pixels());
    }

    private static int[] viaGetRgb(BufferedImage image) {
        int[] px = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        for (int i = 0; i < px.length; i++) px[i] &= 0xFFFFFF;
        return px;
    }
}
