package dev.atelier.plugin.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class ImageFormatTest {
    @Test void encodersNeverSpoolThroughTheTemporaryFolder() {
        assertEquals(ImageFormat.PNG, ImageFormat.valueOf("PNG"));
        assertFalse(javax.imageio.ImageIO.getUseCache(), "ImageIO's disk cache would stage every write in java.io.tmpdir");
    }
}
