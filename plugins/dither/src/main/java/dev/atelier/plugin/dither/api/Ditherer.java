package dev.atelier.plugin.dither.api;

import java.util.function.BooleanSupplier;

/** Reduces an image to a palette. Implementations are stateless after construction and thread-safe. */
public interface Ditherer {
    Palette palette();

    /**
     * For each pixel of {@code rgb} (width x height, 0xRRGGBB row-major), the index of its palette
     * colour. {@code cancelled} is polled now and then; when it answers true a
     * {@link java.util.concurrent.CancellationException} is thrown.
     */
    int[] indices(int[] rgb, int width, int height, BooleanSupplier cancelled);

    /** Dithers and returns packed palette colours, filling {@code counts} (one per palette colour) if given. */
    default int[] apply(int[] rgb, int width, int height, long[] counts, BooleanSupplier cancelled) {
        if (rgb.length != (long) width * height) throw new IllegalArgumentException(rgb.length + " pixels for " + width + "x" + height);
        int[] idx = indices(rgb, width, height, cancelled);
        Palette palette = palette();
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = palette.colour(idx[i]) & 0xFFFFFF;
            if (counts != null) counts[idx[i]]++;
        }
        return out;
    }

    static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) throw new java.util.concurrent.CancellationException("cancelled");
    }
}
