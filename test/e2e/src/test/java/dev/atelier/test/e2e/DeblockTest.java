package dev.atelier.test.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deblock filter with its bundled network, and Deeplearning4j's library bundle, in the exported jar. */
class DeblockTest {
    @TempDir Path home;

    @Test void aQuality10JpegComesOutCloserToTheOriginalAndAPngPassesThrough() throws Exception {
        Path out = AtelierProcess.home(home);
        Path jpeg = AtelierProcess.SAMPLES.resolve("jpeg-q10/astronaut-q10.jpg");
        AtelierProcess.Result r = AtelierProcess.run(home, "run", "deblock ! file path=out/{input}.png", jpeg.toString(),
                AtelierProcess.SAMPLES.resolve("chelsea.png").toString());
        assertEquals(0, r.code(), r.stderr() + r.stdout());
        BufferedImage original = ImageIO.read(AtelierProcess.SAMPLES.resolve("astronaut.png").toFile());
        double before = psnr(original, ImageIO.read(jpeg.toFile())), after = psnr(original, ImageIO.read(out.resolve("astronaut-q10.png").toFile()));
        assertTrue(after > before + 0.25, "PSNR " + before + " -> " + after + " dB");
        assertTrue((r.stdout() + r.stderr()).contains("chelsea is not a JPEG: passed through unchanged"), r.stdout() + r.stderr());
        assertArrayEquals(pixels(ImageIO.read(AtelierProcess.SAMPLES.resolve("chelsea.png").toFile())), pixels(ImageIO.read(out.resolve("chelsea.png").toFile())));
        assertFalse((r.stdout() + r.stderr()).contains("SLF4J"), "no logging noise from the library bundle");
    }

    /** A 1-component JPEG stays grey through the network and is written as a grey PNG, closer to the grey original. */
    @Test void aGreyJpegStaysGrey() throws Exception {
        Path out = AtelierProcess.home(home);
        BufferedImage photo = ImageIO.read(AtelierProcess.SAMPLES.resolve("coffee.png").toFile());
        BufferedImage grey = new BufferedImage(photo.getWidth(), photo.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < photo.getHeight(); y++) {
            for (int x = 0; x < photo.getWidth(); x++) {
                int p = photo.getRGB(x, y);
                grey.getRaster().setSample(x, y, 0, Math.round(0.299f * (p >> 16 & 0xFF) + 0.587f * (p >> 8 & 0xFF) + 0.114f * (p & 0xFF)));
            }
        }
        Path jpeg = home.resolve("grey-q10.jpg");
        var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (var stream = ImageIO.createImageOutputStream(jpeg.toFile())) {
            writer.setOutput(stream);
            var param = writer.getDefaultWriteParam();
            param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.10f);
            writer.write(null, new javax.imageio.IIOImage(grey, null, null), param);
        } finally {
            writer.dispose();
        }
        AtelierProcess.Result r = AtelierProcess.run(home, "run", "deblock ! file path=out/{input}.png", jpeg.toString());
        assertEquals(0, r.code(), r.stderr() + r.stdout());
        assertTrue(r.stdout().contains("a grey JPEG, deblocked as grey"), r.stdout());
        BufferedImage result = ImageIO.read(out.resolve("grey-q10.png").toFile());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, result.getType(), "written as a grey PNG");
        BufferedImage decoded = ImageIO.read(jpeg.toFile());
        double before = greyPsnr(grey, decoded), after = greyPsnr(grey, result);
        assertTrue(after > before, "grey PSNR " + before + " -> " + after + " dB");
    }

    private static double greyPsnr(BufferedImage a, BufferedImage b) {
        double se = 0;
        int n = a.getWidth() * a.getHeight();
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                double d = a.getRaster().getSample(x, y, 0) - b.getRaster().getSample(x, y, 0);
                se += d * d;
            }
        }
        return 10 * Math.log10(255.0 * 255.0 / (se / n));
    }

    @Test void aFineJpegPassesThroughUnlessForced() throws Exception {
        Path out = AtelierProcess.home(home);
        BufferedImage photo = ImageIO.read(AtelierProcess.SAMPLES.resolve("coffee.png").toFile());
        Path fine = home.resolve("coffee-q90.jpg");
        var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        var param = writer.getDefaultWriteParam();
        param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        try (var stream = ImageIO.createImageOutputStream(fine.toFile())) {
            writer.setOutput(stream);
            writer.write(null, new javax.imageio.IIOImage(photo, null, null), param);
        }
        AtelierProcess.Result r = AtelierProcess.run(home, "run", "deblock ! file path=out/{input}.png", fine.toString());
        assertEquals(0, r.code(), r.stderr());
        assertTrue(r.stdout().contains("finer than the network was trained on (luma DC step 3, under 16"), r.stdout());
        int[] decoded = pixels(ImageIO.read(fine.toFile()));
        assertArrayEquals(decoded, pixels(ImageIO.read(out.resolve("coffee-q90.png").toFile())));
        r = AtelierProcess.run(home, "run", "-q", "deblock force=true ! file path=out/{input}-forced.png", fine.toString());
        assertEquals(0, r.code(), r.stderr());
        assertFalse(java.util.Arrays.equals(decoded, pixels(ImageIO.read(out.resolve("coffee-q90-forced.png").toFile()))), "force deblocks it");
    }

    @Test void aMissingOrCorruptModelIsAClearErrorAndWritesNothing() throws Exception {
        Path out = AtelierProcess.home(home);
        String jpeg = AtelierProcess.SAMPLES.resolve("jpeg-q10/coffee-q10.jpg").toString();
        AtelierProcess.Result r = AtelierProcess.run(home, "run", "-q", "deblock model=nets/mine.zip ! file path=out/{input}.png", jpeg);
        assertEquals(2, r.code(), "refused when the chain is read");
        assertTrue(r.stderr().contains("parameter 'model': no file") && r.stderr().contains("mine.zip"), r.stderr());
        Files.createDirectories(home.resolve("nets"));
        Files.writeString(home.resolve("nets/mine.zip"), "not a network");
        r = AtelierProcess.run(home, "run", "-q", "deblock model=nets/mine.zip ! file path=out/{input}.png", jpeg);
        assertEquals(2, r.code(), "refused when the chain is read");
        assertTrue(r.stderr().contains("is not a network file") && r.stderr().contains("./atelier deblock-train"), r.stderr());
        assertFalse(Files.exists(out.resolve("coffee-q10.png")), "no output from a failed step");
    }

    @Test void anEnsembleOfThreeIsRefusedByName() throws Exception {
        Path out = AtelierProcess.home(home);
        String jpeg = AtelierProcess.SAMPLES.resolve("jpeg-q10/coffee-q10.jpg").toString();
        AtelierProcess.Result r = AtelierProcess.run(home, "run", "-q", "deblock ensemble=3 ! file path=out/{input}.png", jpeg);
        assertEquals(2, r.code(), "a bad pipeline is a usage error");
        assertTrue(r.stderr().contains("ensemble") && r.stderr().contains("'3' is not one of 1, 2, 4, 8"), r.stderr());
        assertFalse(Files.exists(out.resolve("coffee-q10.png")), "nothing written");
    }

    static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    static double psnr(BufferedImage a, BufferedImage b) {
        int[] p = pixels(a), q = pixels(b);
        double se = 0;
        for (int i = 0; i < p.length; i++) {
            for (int sh = 0; sh <= 16; sh += 8) {
                int d = (p[i] >> sh & 0xFF) - (q[i] >> sh & 0xFF);
                se += d * d;
            }
        }
        return 10 * Math.log10(255.0 * 255 * 3 * p.length / se);
    }
}
