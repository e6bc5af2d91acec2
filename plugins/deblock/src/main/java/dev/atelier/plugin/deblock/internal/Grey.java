package dev.atelier.plugin.deblock.internal;

/**
 * Grey JPEGs stay grey: the network, fed R = G = B, moves the channels apart a little, so its output for a
 * 1-component JPEG is put back on the grey axis. Apart from the filter so that the evaluation command, on a
 * plain class path without the OSGi API, can use it too.
 */
final class Grey {
    private Grey() { }

    /** Every pixel set to the rounded mean of its channels, in place. */
    static void average(int[] rgb) {
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i], v = ((p >> 16 & 0xFF) + (p >> 8 & 0xFF) + (p & 0xFF) + 1) / 3;
            rgb[i] = v << 16 | v << 8 | v;
        }
    }
}
