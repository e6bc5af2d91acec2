package dev.atelier.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.ImageFiles;
import org.junit.jupiter.api.Test;

/** The driver's choice of input files, without a cluster. */
class InputsTest {
    @Test void theDriverTakesTheFilesTheHostReads() {
        assertEquals(ImageFiles.EXTENSIONS, SparkBatch.IMAGE_EXTENSIONS, "the driver lists folders the way the host does");
        for (String name : new String[] {"a.jpg", "B.JPEG", "c.Png", "d.tif", "e.gif", "f.bmp"}) {
            assertTrue(Inputs.isImage(name, SparkBatch.IMAGE_EXTENSIONS), name);
            assertEquals(ImageFiles.isImage(name), Inputs.isImage(name, SparkBatch.IMAGE_EXTENSIONS), name);
        }
        for (String name : new String[] {".png", "notes.txt", "png", "a.png.part"}) {
            assertFalse(Inputs.isImage(name, SparkBatch.IMAGE_EXTENSIONS), name);
            assertEquals(ImageFiles.isImage(name), Inputs.isImage(name, SparkBatch.IMAGE_EXTENSIONS), name);
        }
    }

    @Test void globsAreToldFromPaths() {
        assertTrue(Inputs.isGlob("photos/*.jpg"));
        assertTrue(Inputs.isGlob("img-[0-9].png"));
        assertFalse(Inputs.isGlob("photos/a.jpg"));
    }
}
