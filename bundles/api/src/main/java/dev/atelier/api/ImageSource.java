package dev.atelier.api;

import java.nio.file.Path;

/**
 * Where a raster came from.
 *
 * @param path the input file (absolute), or null for a raster made in memory
 * @param name the file name without its extension; output path templates use it as {@code {input}}
 * @param format the decoder's format name ("jpeg", "png", "bmp", "tiff", "gif")
 * @param width the stored width in pixels
 * @param height the stored height in pixels
 * @param jpeg the JPEG header information, or null when the source is not a JPEG
 */
public record ImageSource(Path path, String name, String format, int width, int height, JpegInfo jpeg) {

    /** A source for rasters made in memory (tests, generated images). */
    public static ImageSource synthetic(String name, int width, int height) {
        return new ImageSource(null, name, "memory", width, height, null);
    }
}
