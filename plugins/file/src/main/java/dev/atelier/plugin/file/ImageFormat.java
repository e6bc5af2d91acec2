package dev.atelier.plugin.file;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** The raster formats the file output writes, through the JDK's Image I/O writers. */
enum ImageFormat {
    PNG("png"), JPEG("jpeg"), BMP("bmp"), TIFF("tiff");

    private final String imageIoName;

    static {
        // encoders write straight into the staged file beside the target; with the cache on, ImageIO would
        // first spool every image through java.io.tmpdir (another disk, another place to fill up or leak)
        ImageIO.setUseCache(false);
    }

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    static ImageFormat choose(String format, Path target) {
        String f = format.toLowerCase(Locale.ROOT);
        if (f.equals("auto")) {
            String name = target.getFileName().toString().toLowerCase(Locale.ROOT);
            int dot = name.lastIndexOf('.');
            f = dot < 0 ? "" : name.substring(dot + 1);
            if (f.isEmpty()) {
                throw new IllegalArgumentException("path " + target + " has no extension to tell the format: add .png, .jpg, .bmp, .tif, .svg or .gcode, or set format");
            }
        }
        return switch (f) {
            case "png" -> PNG;
            case "jpg", "jpeg" -> JPEG;
            case "bmp" -> BMP;
            case "tif", "tiff" -> TIFF;
            default -> throw new IllegalArgumentException("cannot write ." + f + " files (" + target.getFileName()
                    + "): the file output writes png, jpeg, bmp and tiff images, and svg and gcode drawings");
        };
    }

    /** Whether a file name ends in an image extension this output writes. */
    static boolean isPictureName(Path target) {
        String name = target.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.matches(".*\\.(png|jpe?g|bmp|tiff?)");
    }

    void write(BufferedImage image, int quality, OutputStream out) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(imageIoName);
        if (!writers.hasNext()) throw new IOException("no " + imageIoName + " writer in this Java runtime");
        ImageWriter writer = writers.next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (this == JPEG) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality / 100f);
            } else if (this == TIFF) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionType("Deflate");
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
