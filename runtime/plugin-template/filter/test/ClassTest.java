package @@PACKAGE@@;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A plain unit test of the image work, without a framework. */
class @@CLASS@@Test {
    @Test void twoLevelsAreBlackAndWhitePerChannel() {
        assertEquals(0xFF00FF, @@CLASS@@.posterize(0xC01080, 2));
        assertEquals(0x000000, @@CLASS@@.posterize(0x101010, 2));
    }

    @Test void fourLevelsKeepZeroAndFullAndTwoBetween() {
        assertEquals(0x55AAFF, @@CLASS@@.posterize(0x60A0F0, 4));
    }

    @Test void lightnessKeepsTheHueShift() {
        // mean 100 goes to 85 with four levels: every channel moves down by 15
        assertEquals(0x6E553C, @@CLASS@@.posterizeLightness(0x7D644B, 4));
    }
}
