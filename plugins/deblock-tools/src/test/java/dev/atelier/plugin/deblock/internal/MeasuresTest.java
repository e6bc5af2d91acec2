package dev.atelier.plugin.deblock.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JPEG encoding and the three measures. */
class MeasuresTest {
    static final Path SAMPLES = Path.of(System.getProperty("atelier.samples", "../../runtime/samples"));
    @TempDir Path dir;

    static BufferedImage photo() throws Exception {
        return ImageIO.read(SAMPLES.resolve("astronaut.png").toFile());
    }

    @Test void theTablesAreLibjpegsAndChromaIsHalvedBothWays() throws Exception {
        BufferedImage img = photo();
        for (int q : new int[] {10, 20, 30, 50, 75}) {
            Jpeg.Header h = Jpeg.header(Jpeg.encode(img, q));
            assertArrayEquals(Jpeg.scaled(Jpeg.LUMA, q), h.tables()[0], "luma table at q" + q);
            assertArrayEquals(Jpeg.scaled(Jpeg.CHROMA, q), h.tables()[1], "chroma table at q" + q);
            assertArrayEquals(new int[] {2, 2}, h.sampling()[0]);
            assertArrayEquals(new int[] {1, 1}, h.sampling()[1]);
            assertArrayEquals(new int[] {1, 1}, h.sampling()[2]);
        }
        // IJG's scaling by hand: quality 10 is 500 %, so luma's 16 becomes 80; quality 50 leaves the table as it is
        assertEquals(80, Jpeg.scaled(Jpeg.LUMA, 10)[0]);
        assertArrayEquals(Jpeg.LUMA, Jpeg.scaled(Jpeg.LUMA, 50));
    }

    /** The same tables as libjpeg's own cjpeg writes (Debian libjpeg-turbo-progs; .ci/run installs it). */
    @Test void theTablesMatchCjpegs() throws Exception {
        assumeTrue(Tools.onPath("cjpeg"), "cjpeg is not installed (apt-get install libjpeg-turbo-progs)");
        Path ppm = dir.resolve("in.ppm");
        BufferedImage img = photo();
        writePpm(img, ppm);
        for (int q : new int[] {10, 20, 30}) {
            Path out = dir.resolve("q" + q + ".jpg");
            Process p = new ProcessBuilder("cjpeg", "-baseline", "-quality", Integer.toString(q), "-outfile", out.toString(), ppm.toString())
                    .redirectErrorStream(true).start();
            assertEquals(0, p.waitFor());
            Jpeg.Header theirs = Jpeg.header(Files.readAllBytes(out)), ours = Jpeg.header(Jpeg.encode(img, q));
            assertArrayEquals(theirs.tables()[0], ours.tables()[0], "luma at q" + q);
            assertArrayEquals(theirs.tables()[1], ours.tables()[1], "chroma at q" + q);
            assertArrayEquals(theirs.sampling()[0], ours.sampling()[0]);
            // and the pictures agree to within the two encoders' rounding
            double psnr = ImageQuality.psnr(Jpeg.decode(Files.readAllBytes(out)), Jpeg.decode(Jpeg.encode(img, q)));
            assertTrue(psnr > 40, "cjpeg and the JDK at q" + q + " differ by " + psnr + " dB");
        }
    }

    @Test void psnrOfAConstantOffsetIsExact() {
        BufferedImage a = flat(64, 64, 0x404040), b = flat(64, 64, 0x454545);
        assertEquals(10 * Math.log10(255.0 * 255 / 25), ImageQuality.psnr(a, b), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, ImageQuality.psnr(a, a));
    }

    @Test void ssimIsOneForTheSameImageAndFallsWithNoiseSymmetrically() throws Exception {
        BufferedImage img = photo(), noisy = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        java.util.Random rnd = new java.util.Random(1);
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) {
            int p = img.getRGB(x, y), v = Math.max(0, Math.min(255, (p >> 8 & 0xFF) + (int) Math.round(rnd.nextGaussian() * 10)));
            noisy.setRGB(x, y, (p & 0xFF0000) | v << 8 | (p & 0xFF));
        }
        assertEquals(1.0, ImageQuality.ssim(img, img), 1e-12);
        double s = ImageQuality.ssim(img, noisy);
        assertTrue(s < 0.97 && s > 0.5, "ssim " + s);
        assertEquals(s, ImageQuality.ssim(noisy, img), 1e-12);
    }

    @Test void psnrBChargesStepsOnTheBlockGridOnly() {
        // 16 x 16, a step of 10 between columns 7 and 8 (a block boundary): D_B = 16 * 100 / 32, D_Bc = 0, eta = 3/4
        double[] y = new double[256];
        for (int i = 0; i < 256; i++) y[i] = i % 16 >= 8 ? 10 : 0;
        assertEquals(0.75 * 50, ImageQuality.bef(y, 16, 16, 8), 1e-9);
        // the same step one column earlier is not on the grid: no blocking is charged
        for (int i = 0; i < 256; i++) y[i] = i % 16 >= 7 ? 10 : 0;
        assertEquals(0, ImageQuality.bef(y, 16, 16, 8), 1e-9);
    }

    @Test void aCoarseJpegHasBlockingThatPsnrBSees() throws Exception {
        BufferedImage img = photo(), q10 = Jpeg.decode(Jpeg.encode(img, 10)), q90 = Jpeg.decode(Jpeg.encode(img, 90));
        assertTrue(ImageQuality.psnrB(img, q10) < ImageQuality.psnr(img, q10) - 0.1, "q10 is blocky");
        assertTrue(ImageQuality.psnr(img, q90) > ImageQuality.psnr(img, q10) + 5);
    }

    /** The DCT is JPEG's (orthonormal, inverse exact); projecting a decoded JPEG onto its own constraint set leaves it as it is. */
    @Test void theQuantisationProjectionKeepsWhatTheFileAllows() throws Exception {
        double[] f = new double[64], c = new double[64], back = new double[64], tmp = new double[64];
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < 64; i++) f[i] = rnd.nextInt(256) - 128;
        Projection.dct(f, c, tmp);
        Projection.idct(c, back, tmp);
        for (int i = 0; i < 64; i++) assertEquals(f[i], back[i], 1e-9);
        double sum = 0;
        for (double v : f) sum += v;
        assertEquals(sum / 8, c[0], 1e-9, "the DC term is 8 times the mean, as in JPEG");
        byte[] jpeg = Jpeg.encode(photo(), 20);
        BufferedImage d = Jpeg.decode(jpeg);
        int w = d.getWidth(), h = d.getHeight();
        int[] rgb = d.getRGB(0, 0, w, h, null, 0, w);
        int[] same = Projection.project(rgb, rgb, w, h, Jpeg.header(jpeg).tables()[0]);
        int moved = 0;
        for (int i = 0; i < rgb.length; i++) if (same[i] != rgb[i]) moved++;
        assertTrue(moved < rgb.length / 100, moved + " pixels moved");
        // a picture far off (every pixel 40 levels brighter) is pulled back towards the file
        int[] bright = new int[rgb.length];
        for (int i = 0; i < rgb.length; i++) bright[i] = Math.min(255, (rgb[i] >> 16 & 0xFF) + 40) << 16 | Math.min(255, (rgb[i] >> 8 & 0xFF) + 40) << 8 | Math.min(255, (rgb[i] & 0xFF) + 40);
        int[] pulled = Projection.project(rgb, bright, w, h, Jpeg.header(jpeg).tables()[0]);
        long before = 0, after = 0;
        for (int i = 0; i < rgb.length; i++) {
            before += Math.abs((bright[i] >> 8 & 0xFF) - (rgb[i] >> 8 & 0xFF));
            after += Math.abs((pulled[i] >> 8 & 0xFF) - (rgb[i] >> 8 & 0xFF));
        }
        assertTrue(after < before / 2, "projection pulls back: " + before + " -> " + after);
    }

    static BufferedImage flat(int w, int h, int rgb) {
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) b.setRGB(x, y, rgb);
        return b;
    }

    static void writePpm(BufferedImage img, Path file) throws Exception {
        int w = img.getWidth(), h = img.getHeight();
        byte[] head = ("P6\n" + w + " " + h + "\n255\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] body = new byte[w * h * 3];
        for (int y = 0, k = 0; y < h; y++) for (int x = 0; x < w; x++) {
            int p = img.getRGB(x, y);
            body[k++] = (byte) (p >> 16);
            body[k++] = (byte) (p >> 8);
            body[k++] = (byte) p;
        }
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        Files.write(file, all);
    }

}
