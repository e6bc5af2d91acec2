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

    /** Wraps the pixels of an image (copied when the image is not of type INT_RGB); transparency is laid on white. */
    public static Raster fromImage(BufferedImage image, ImageSource source) {
        return fromImage(image, source, 0xFFFFFF);
    }

    /**
     * Wraps the pixels of an image (copied when the image is not of type INT_RGB). Grey images keep their
     * grey values exactly (8 or 16 bits, scaled to 8), not converted as if they were linear light. Where the
     * image has transparency, its colours are laid over {@code background} (0xRRGGBB) by their alpha, so a
     * hidden colour under a transparent pixel never shows.
     *
     * @since 1.2
     */
    public static Raster fromImage(BufferedImage image, ImageSource source, int background) {
        int w = image.getWidth(), h = image.getHeight();
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            int[] data = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            if (data.length == w * h) return new Raster(w, h, data, source);
        }
        java.awt.image.ColorModel cm = image.getColorModel();
        int[] px = new int[Math.multiplyExact(w, h)];
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && image.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferByte bytes
                && bytes.getNumBanks() == 1 && bytes.getOffset() == 0 && bytes.getData().length == px.length * 3
                && image.getRaster().getSampleModel() instanceof java.awt.image.PixelInterleavedSampleModel sm && sm.getScanlineStride() == w * 3) {
            // what JPEG and 24-bit BMP decode to: the bytes as they are (getRGB goes through the colour model a
            // pixel at a time, about 3x slower, for the same values: the type is sRGB)
            byte[] b = bytes.getData();
            for (int i = 0, j = 0; i < px.length; i++, j += 3) px[i] = (b[j + 2] & 0xFF) << 16 | (b[j + 1] & 0xFF) << 8 | (b[j] & 0xFF);
            return new Raster(w, h, px, source);
        }
        boolean alpha = cm.hasAlpha();
        if (cm.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1
                && !(cm instanceof java.awt.image.IndexColorModel)) {
            // the stored grey values themselves: getRGB would treat them as linear light and brighten them
            java.awt.image.WritableRaster r = image.getRaster();
            int bits = cm.getComponentSize(0), max = (1 << bits) - 1;
            int[] grey = new int[w], a = alpha ? new int[w] : null;
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, grey);
                if (a != null) r.getSamples(0, y, w, 1, 1, a);
                for (int x = 0; x < w; x++) {
                    int v = bits == 8 ? grey[x] : (int) ((grey[x] * 255L + max / 2) / max);
                    int rgb = v << 16 | v << 8 | v;
                    px[y * w + x] = a == null ? rgb : over(rgb, bits == 8 ? a[x] : (int) ((a[x] * 255L + max / 2) / max), background);
                }
            }
            return new Raster(w, h, px, source);
        }
        image.getRGB(0, 0, w, h, px, 0, w);
        for (int i = 0; i < px.length; i++) px[i] = alpha ? over(px[i] & 0xFFFFFF, px[i] >>> 24, background) : px[i] & 0xFFFFFF;
        return new Raster(w, h, px, source);
    }

    /** A colour laid over the background by its alpha (0..255), channel by channel, rounded. */
    private static int over(int rgb, int alpha, int background) {
        if (alpha == 255) return rgb;
        if (alpha == 0) return background & 0xFFFFFF;
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int c = rgb >> shift & 0xFF, b = background >> shift & 0xFF;
            out |= ((c * alpha + b * (255 - alpha) + 127) / 255) << shift;
        }
        return out;
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
