package @@PACKAGE@@;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.api.ImageSource;
import dev.atelier.api.Raster;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A plain unit test of what the output writes, without a framework. */
class @@CLASS@@Test {
    @Test void summaryGivesSizeAndMeanColour() {
        Raster r = new Raster(2, 1, new int[] {0x000000, 0xFF8040}, ImageSource.synthetic("t", 2, 1));
        assertEquals("2x1 mean #804020" + System.lineSeparator(), @@CLASS@@.summary(r));
    }

    @Test void anUnknownPlaceholderIsRefusedWhenTheDescriptorIsRead() {
        assertTrue(new @@CLASS@@().check(Map.of("path", "out/{inptu}.txt"), "raster").get(0).startsWith("parameter 'path'"));
        assertTrue(new @@CLASS@@().check(Map.of("path", "out/{input}.txt"), "raster").isEmpty());
    }
}
