package dev.atelier.core;

import java.util.List;
import java.util.Locale;

/**
 * The image files the host reads: the file name extensions its decoder takes. One list for every front end
 * that picks photos out of a folder or takes an upload, so none offers a file the host then refuses.
 *
 * @since 1.5
 */
public final class ImageFiles {
    /** Lower case, without the dot. */
    public static final List<String> EXTENSIONS = List.of("jpg", "jpeg", "png", "bmp", "tif", "tiff", "gif");

    private ImageFiles() { }

    /** Whether a file name ends in one of {@link #EXTENSIONS}, in any case ("IMG_1.JPG" is one; ".png" alone is not). */
    public static boolean isImage(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1));
    }
}
