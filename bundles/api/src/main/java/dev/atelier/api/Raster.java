package dev.atelier.api;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Objects;

/**
 * An sRGB image, 8 bits a channel, packed one int a pixel as {@code 0xRRGGBB} in row-major order,
 * with the metadata of the file it came from.
 *
 * <p>Rasters passed to a filter are shared: a filter never writes into its input's pixels, it makes a
 * new raster ({@link #withPixels}, {@link #copy}).
 */
public final class Raster implements Payload {
    private final int width;
    private final int height;
    private final int[] rgb;
    private final ImageSource source;

    public Raster(int width, int height, int[] rgb, ImageSource source) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("raster size must be positive, got " + width + "x" + height);
        if (rgb.length != (long) width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " raster needs " + ((long) width * height) + " pixels, got " + rgb.length);
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
        this.source = Objects.requireNonNull(source, "source");
    }

    /** A black raster of the given size. */
    public static Raster blank(int width, int height, ImageSource source) {
        return new Raster(width, height, new int[Math.multiplyExact(width, height)], source);
    }

    /** Wraps the pixels of an image (copied when the image is not of type INT_RGB). */
    public static Raster fromImage(BufferedImage image, ImageSource source) {
        int w = image.getWidth(), h = image.getHeight();
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            int[] data = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            if (data.length == w * h) return new Raster(w, h, data, source);
        }
        int[] px = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < px.length; i++) px[i] &= 0xFFFFFF;
        return new Raster(w, h, px, source);
    }

    /** A raster of the same size and source with other pixels. */
    public Raster withPixels(int[] pixels) {
        return new Raster(width, height, pixels, source);
    }

    /** A raster with its own copy of the pixels. */
    public Raster copy() {
        return new Raster(width, height, rgb.clone(), source);
    }

    /** An INT_RGB image that shares this raster's pixels. */
    public BufferedImage toImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        System.arraycopy(rgb, 0, ((DataBufferInt) image.getRaster().getDataBuffer()).getData(), 0, rgb.length);
        return image;
    }

    public int width() { return width; }
    public int height() { return height; }
    /** The pixels themselves, not a copy: read them, don't write them. */
    public int[] pixels() { return rgb; }
    public int rgb(int x, int y) { return rgb[y * width + x]; }
    public ImageSource source() { return source; }
    public double megapixels() { return (double) width * height / 1e6; }

    @Override public String type() { return RASTER; }

    @Override public String toString() {
        return "Raster " + width + "x" + height + " from " + source.name();
    }
}
