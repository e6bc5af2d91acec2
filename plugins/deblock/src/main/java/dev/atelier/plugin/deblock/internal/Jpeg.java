package dev.atelier.plugin.deblock.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.plugins.jpeg.JPEGQTable;
import javax.imageio.stream.ImageOutputStream;

/**
 * JPEG as the deblocking literature encodes it: libjpeg's baseline tables (ITU T.81 Annex K, scaled by
 * IJG's quality formula, clamped to 1..255) and 4:2:0 chroma, written by the JDK's encoder with the
 * tables given explicitly, so that figures compare with {@code cjpeg -baseline -quality q} (a test reads
 * the tables back from both files).
 */
public final class Jpeg {
    /** Annex K.1 luminance table, natural order. */
    static final int[] LUMA = {
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
    /** Annex K.2 chrominance table, natural order. */
    static final int[] CHROMA = {
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
        47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99};

    private Jpeg() { }

    /** A table scaled as libjpeg's jpeg_quality_scaling and jpeg_add_quant_table do, with force_baseline. */
    static int[] scaled(int[] base, int quality) {
        if (quality < 1 || quality > 100) throw new IllegalArgumentException("JPEG quality must be 1..100, got " + quality);
        int scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
        int[] t = new int[64];
        for (int i = 0; i < 64; i++) t[i] = Math.max(1, Math.min(255, (base[i] * scale + 50) / 100));
        return t;
    }

    /** Encodes an RGB image as baseline JPEG with libjpeg's tables at {@code quality}, 4:2:0. */
    public static byte[] encode(BufferedImage image, int quality) throws IOException {
        BufferedImage rgb = image;
        if (image.getType() != BufferedImage.TYPE_INT_RGB && image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(image, 0, 0, null);
        }
        return write(rgb, id -> scaled(id == 0 ? LUMA : CHROMA, quality));
    }

    /**
     * Writes an image as baseline JPEG with the given quantisation table for each table id. The tables go into
     * the image's own metadata (DQT), so the file carries them; the JDK writes YCbCr with 2 x 2 luma sampling
     * (4:2:0) for three-channel images, one component for a grey image, and the standard Huffman tables.
     */
    private static byte[] write(BufferedImage image, java.util.function.IntFunction<int[]> tables) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            JPEGImageWriteParam p = new JPEGImageWriteParam(null);
            IIOMetadata meta = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), p);
            IIOMetadataNode tree = (IIOMetadataNode) meta.getAsTree("javax_imageio_jpeg_image_1.0");
            org.w3c.dom.NodeList dq = tree.getElementsByTagName("dqtable");
            for (int i = 0; i < dq.getLength(); i++) {
                IIOMetadataNode t = (IIOMetadataNode) dq.item(i);
                t.setUserObject(new JPEGQTable(tables.apply(Integer.parseInt(t.getAttribute("qtableId")))));
            }
            meta.setFromTree("javax_imageio_jpeg_image_1.0", tree);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, meta), p);
            }
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }

    /** An image's luma (BT.601, as cjpeg -grayscale) as a 1-component baseline JPEG with libjpeg's luma table at {@code quality}. */
    public static byte[] encodeGrey(BufferedImage image, int quality) throws IOException {
        // a grey image as it is (getRGB would take its values for linear light and brighten them)
        BufferedImage grey = image.getType() == BufferedImage.TYPE_BYTE_GRAY ? image : luma(image);
        return write(grey, id -> scaled(LUMA, quality));
    }

    /** The luma of an RGB image as an 8-bit grey image (its samples set directly, not through a colour conversion). */
    public static BufferedImage luma(BufferedImage image) {
        BufferedImage grey = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                grey.getRaster().setSample(x, y, 0, (int) Math.round(0.299 * (p >> 16 & 0xFF) + 0.587 * (p >> 8 & 0xFF) + 0.114 * (p & 0xFF)));
            }
        }
        return grey;
    }

    public static BufferedImage decode(byte[] jpeg) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
        if (img == null) throw new IOException("not a JPEG the JDK can read");
        return img;
    }

    /** The quantisation tables (natural order) and the components' sampling factors (h, v) read from a JPEG's DQT and SOF markers. */
    record Header(int[][] tables, int[][] sampling) { }

    static Header header(byte[] jpeg) {
        int[][] tables = new int[4][];
        int[][] sampling = null;
        int i = 2;
        while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
            int marker = jpeg[i + 1] & 0xFF, len = (jpeg[i + 2] & 0xFF) << 8 | (jpeg[i + 3] & 0xFF);
            if (marker == 0xDB) {
                int p = i + 4, end = i + 2 + len;
                while (p < end) {
                    int pq = (jpeg[p] & 0xFF) >> 4, tq = jpeg[p] & 0x0F;
                    p++;
                    int[] t = new int[64];
                    for (int k = 0; k < 64; k++) {
                        t[ZIGZAG[k]] = pq == 0 ? jpeg[p + k] & 0xFF : (jpeg[p + 2 * k] & 0xFF) << 8 | (jpeg[p + 2 * k + 1] & 0xFF);
                    }
                    p += pq == 0 ? 64 : 128;
                    tables[tq] = t;
                }
            } else if (marker == 0xC0 || marker == 0xC1 || marker == 0xC2) {
                int n = jpeg[i + 9] & 0xFF;
                sampling = new int[n][];
                for (int c = 0; c < n; c++) {
                    int hv = jpeg[i + 11 + 3 * c] & 0xFF;
                    sampling[c] = new int[] {hv >> 4, hv & 0x0F};
                }
            } else if (marker == 0xDA) {
                break;
            }
            i += 2 + len;
        }
        return new Header(tables, sampling);
    }

    /** Zig-zag position k to natural-order index. */
    static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};
}
