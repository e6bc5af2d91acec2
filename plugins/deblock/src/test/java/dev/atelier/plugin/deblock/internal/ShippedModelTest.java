package dev.atelier.plugin.deblock.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The network shipped in the bundle, on two of the bundled photos (held out from training) saved at quality 10. */
class ShippedModelTest {
    static Network shipped;

    static synchronized Network shipped() throws Exception {
        if (shipped == null) {
            try (InputStream in = DeblockFilter.class.getClassLoader().getResourceAsStream(DeblockFilter.BUNDLED)) {
                assertNotNull(in, "the bundle ships " + DeblockFilter.BUNDLED);
                shipped = Network.read(in, DeblockFilter.BUNDLED);
            }
        }
        return shipped;
    }

    @ParameterizedTest
    @ValueSource(strings = {"astronaut.png", "coffee.png"})
    void improvesPsnrOverJpegAtQuality10(String photo) throws Exception {
        BufferedImage original = ImageIO.read(Path.of("../../runtime/samples", photo).toFile());
        byte[] jpeg = Jpeg.encode(original, 10);
        BufferedImage decoded = Jpeg.decode(jpeg);
        int w = decoded.getWidth(), h = decoded.getHeight();
        float quant = Network.quantInput(Jpeg.header(jpeg).tables()[0][0]);
        Network net = shipped();
        int[] out = Tiler.run(decoded.getRGB(0, 0, w, h, null, 0, w), w, h, 512, 16, net.workers(), (px, hh, ww) -> net.correction(px, hh, ww, quant));
        BufferedImage result = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        result.setRGB(0, 0, w, h, out, 0, w);
        double before = ImageQuality.psnr(original, decoded), after = ImageQuality.psnr(original, result);
        double blockingBefore = ImageQuality.psnrB(original, decoded), blockingAfter = ImageQuality.psnrB(original, result);
        System.out.printf("%s q10: PSNR %.2f -> %.2f dB, PSNR-B %.2f -> %.2f dB%n", photo, before, after, blockingBefore, blockingAfter);
        // loose: the shipped network gains 0.4-1 dB on these; a broken one (or none) loses or gains nothing
        assertTrue(after > before + 0.25, photo + ": PSNR " + before + " -> " + after);
        assertTrue(blockingAfter > blockingBefore + 1, photo + ": PSNR-B " + blockingBefore + " -> " + blockingAfter);
    }
}
