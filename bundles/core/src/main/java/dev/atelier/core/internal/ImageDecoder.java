package dev.atelier.core.internal;

import dev.atelier.api.ImageSource;
import dev.atelier.api.JpegInfo;
import dev.atelier.api.Raster;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.jpeg.JPEGQTable;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.Node;

/**
 * Decodes JPEG, PNG, BMP, TIFF and GIF files with the JDK's Image I/O codecs. The header is read
 * first, so an image over the pixel limit (a decompression bomb) is refused before its pixels take
 * memory; a truncated or corrupt file is an error, never a half-grey picture.
 */
public final class ImageDecoder {
    /** IJG's standard luminance table (ITU T.81 Annex K), natural order. */
    private static final int[] STD_LUMA = {
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};

    private ImageDecoder() { }

    public static boolean looksLikeImage(Path p) {
        return dev.atelier.core.ImageFiles.isImage(p.getFileName().toString());
    }

    public static Raster decode(Path file, double maxMegapixels) throws IOException {
        return decode(file, maxMegapixels, 0xFFFFFF, new ArrayList<>());
    }

    /**
     * Decodes a file. Transparent pixels are laid over {@code background} (0xRRGGBB); what a person should
     * know about the decoding (an animated GIF's first frame was taken) is added to {@code notes}.
     */
    public static Raster decode(Path file, double maxMegapixels, int background, List<String> notes) throws IOException {
        if (!Files.exists(file)) throw new IOException(file + ": no such file");
        if (!Files.isRegularFile(file)) throw new IOException(file + ": not a regular file");
        if (!Files.isReadable(file)) throw new IOException(file + ": not readable (check its permissions)");
        if (Files.size(file) == 0) throw new IOException(file + ": the file is empty (0 bytes)");
        Bmp.Pixels bmp = keptOrRead(file, maxMegapixels);
        if (bmp != null) {
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            ImageSource source = new ImageSource(file.toAbsolutePath(), dot > 0 ? name.substring(0, dot) : name, "bmp", bmp.width(), bmp.height(), null);
            return new Raster(bmp.width(), bmp.height(), bmp.rgb(), source);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new IOException(file + ": cannot open");
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException(file + ": not an image Atelier can read (it reads JPEG, PNG, BMP, TIFF and GIF)");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                // a GIF is read with seeking allowed, so its frames can be counted
                reader.setInput(in, !"gif".equals(format), false);
                int w, h;
                try {
                    w = reader.getWidth(0);
                    h = reader.getHeight(0);
                } catch (IOException | RuntimeException e) {
                    throw new IOException(file + ": corrupt " + format + " header: " + message(e), e);
                }
                double mp = (double) w * h / 1e6;
                if (w <= 0 || h <= 0) throw new IOException(file + ": the header says " + w + " x " + h + " pixels");
                if (mp > maxMegapixels) {
                    throw new IOException(String.format(Locale.ROOT,
                            "%s: %d x %d pixels (%.1f MP) is over the limit of %.0f MP; refused before decoding. "
                                    + "Raise max.megapixels in etc/dev.atelier.core.jobs.cfg if the image is genuine", file, w, h, mp, maxMegapixels));
                }
                List<String> fatal = new ArrayList<>();
                reader.addIIOReadWarningListener((src, warning) -> {
                    String lw = warning.toLowerCase(Locale.ROOT);
                    if (lw.contains("premature") || lw.contains("truncat") || lw.contains("end of")) fatal.add(warning);
                });
                ImageReadParam param = reader.getDefaultReadParam();
                intRgbDestination(reader, param);
                BufferedImage image;
                JpegInfo jpeg = null;
                boolean isJpeg = "jpeg".equals(format) || "jpg".equals(format);
                if (isJpeg && components(file) == 4) {
                    // the JDK refuses most of these as "corrupt", and decodes the rest with wrong colours
                    throw new IOException(file + ": a CMYK (or YCCK) JPEG, as print workflows make; Atelier reads RGB and grey "
                            + "JPEGs only: convert it first, e.g. 'convert " + file.getFileName() + " -colorspace sRGB out.jpg'");
                }
                try {
                    image = reader.read(0, param);
                    if (isJpeg) jpeg = jpegInfo(reader.getImageMetadata(0));
                } catch (IOException | RuntimeException e) {
                    throw new IOException(file + ": corrupt or truncated " + format + " data: " + message(e), e);
                }
                if ("gif".equals(format)) {
                    try {
                        int frames = reader.getNumImages(true);
                        if (frames > 1) notes.add(file.getFileName() + ": an animated GIF of " + frames + " frames; the first frame is used");
                    } catch (IOException | RuntimeException ignored) {
                        // a damaged later frame does not matter: only the first is used
                    }
                }
                if (!fatal.isEmpty()) throw new IOException(file + ": truncated " + format + " file: " + fatal.get(0));
                String name = file.getFileName().toString();
                int dot = name.lastIndexOf('.');
                ImageSource source = new ImageSource(file.toAbsolutePath(), dot > 0 ? name.substring(0, dot) : name,
                        "jpg".equals(format) ? "jpeg" : format, w, h, jpeg);
                return Raster.fromImage(image, source, background);
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * The last small BMP decoded, while its file is unchanged (same file, size and modification time): the Studio
     * decodes the same reduced copy of a photo at every knob turn (7-10 ms a megapixel, where a copy of the kept
     * pixels takes 1-2). Only copies are handed out, so a plugin writing into its input cannot change what is kept.
     */
    private record Kept(Path file, Object fileKey, long size, java.nio.file.attribute.FileTime modified, Bmp.Pixels pixels) { }

    private static volatile Kept kept;
    static final int KEEP_MAX_PIXELS = 2_000_000;

    static Bmp.Pixels keptOrRead(Path file, double maxMegapixels) throws IOException {
        java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
        Path absolute = file.toAbsolutePath();
        Kept k = kept;
        if (k != null && k.file().equals(absolute) && java.util.Objects.equals(k.fileKey(), a.fileKey()) && k.size() == a.size()
                && k.modified().equals(a.lastModifiedTime()) && (double) k.pixels().width() * k.pixels().height() / 1e6 <= maxMegapixels) {
            return new Bmp.Pixels(k.pixels().width(), k.pixels().height(), k.pixels().rgb().clone());
        }
        Bmp.Pixels read = Bmp.read(file, maxMegapixels);
        if (read != null && read.rgb().length <= KEEP_MAX_PIXELS) {
            kept = new Kept(absolute, a.fileKey(), a.size(), a.lastModifiedTime(), new Bmp.Pixels(read.width(), read.height(), read.rgb().clone()));
        }
        return read;
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Asks the reader for packed INT_RGB pixels when it can give them, saving a conversion. */
    private static void intRgbDestination(ImageReader reader, ImageReadParam param) {
        try {
            Iterator<ImageTypeSpecifier> it = reader.getImageTypes(0);
            if (!it.hasNext()) return;
            ImageTypeSpecifier first = it.next();
            // grey stays grey: converted to RGB by the reader it would be taken for linear light and brightened
            if (first.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY) return;
            if (first.getBufferedImageType() == BufferedImage.TYPE_INT_RGB) {
                param.setDestinationType(first);
                return;
            }
            while (it.hasNext()) {
                ImageTypeSpecifier t = it.next();
                if (t.getBufferedImageType() == BufferedImage.TYPE_INT_RGB) {
                    param.setDestinationType(t);
                    return;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // the default destination type will do
        }
    }

    /** The number of colour components in a JPEG's frame header (SOF), or -1 when it cannot be found. */
    static int components(Path file) {
        try (java.io.InputStream raw = Files.newInputStream(file); java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(raw))) {
            if (in.readUnsignedShort() != 0xFFD8) return -1;
            while (true) {
                int marker = in.readUnsignedShort();
                while ((marker & 0xFF) == 0xFF) marker = 0xFF00 | in.readUnsignedByte(); // fill bytes
                int length = in.readUnsignedShort();
                boolean sof = marker >= 0xFFC0 && marker <= 0xFFCF && marker != 0xFFC4 && marker != 0xFFC8 && marker != 0xFFCC;
                if (sof) {
                    in.skipNBytes(5); // precision, height, width
                    return in.readUnsignedByte();
                }
                if (marker == 0xFFDA || length < 2) return -1;
                in.skipNBytes(length - 2);
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static JpegInfo jpegInfo(IIOMetadata meta) {
        if (meta == null) return null;
        Node root = meta.getAsTree("javax_imageio_jpeg_image_1.0");
        List<int[]> tables = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        int[] selectors = new int[0];
        int[][] sampling = new int[0][];
        for (Node n = child(root, "markerSequence") == null ? null : child(root, "markerSequence").getFirstChild(); n != null; n = n.getNextSibling()) {
            if ("dqt".equals(n.getNodeName())) {
                for (Node t = n.getFirstChild(); t != null; t = t.getNextSibling()) {
                    if (t instanceof IIOMetadataNode m && m.getUserObject() instanceof JPEGQTable q) {
                        tables.add(q.getTable());
                        ids.add(Integer.parseInt(m.getAttribute("qtableId")));
                    }
                }
            } else if ("sof".equals(n.getNodeName())) {
                List<int[]> comps = new ArrayList<>();
                for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
                    IIOMetadataNode m = (IIOMetadataNode) c;
                    comps.add(new int[] {Integer.parseInt(m.getAttribute("QtableSelector")),
                        Integer.parseInt(m.getAttribute("HsamplingFactor")), Integer.parseInt(m.getAttribute("VsamplingFactor"))});
                }
                selectors = comps.stream().mapToInt(c -> c[0]).toArray();
                sampling = comps.toArray(new int[0][]);
            }
        }
        if (tables.isEmpty()) return null;
        int[] componentTables = new int[selectors.length];
        for (int i = 0; i < selectors.length; i++) componentTables[i] = Math.max(0, ids.indexOf(selectors[i]));
        return new JpegInfo(tables, componentTables, estimateQuality(tables.get(0)), subsampling(sampling));
    }

    private static Node child(Node n, String name) {
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) if (name.equals(c.getNodeName())) return c;
        return null;
    }

    private static String subsampling(int[][] s) {
        if (s.length < 3) return s.length == 1 ? "grey" : "other";
        int h = s[0][1], v = s[0][2];
        boolean chromaFull = s[1][1] == 1 && s[1][2] == 1 && s[2][1] == 1 && s[2][2] == 1;
        if (!chromaFull) return "other";
        if (h == 1 && v == 1) return "4:4:4";
        if (h == 2 && v == 1) return "4:2:2";
        if (h == 2 && v == 2) return "4:2:0";
        return "other";
    }

    /** The IJG quality whose scaled standard luma table is nearest to {@code luma}. */
    public static int estimateQuality(int[] luma) {
        int best = 50;
        long bestErr = Long.MAX_VALUE;
        for (int q = 1; q <= 100; q++) {
            int scale = q < 50 ? 5000 / q : 200 - 2 * q;
            long err = 0;
            for (int i = 0; i < 64; i++) {
                int v = Math.max(1, Math.min(255, (STD_LUMA[i] * scale + 50) / 100));
                err += Math.abs(v - luma[i]);
            }
            if (err < bestErr) { bestErr = err; best = q; }
        }
        return best;
    }
}
