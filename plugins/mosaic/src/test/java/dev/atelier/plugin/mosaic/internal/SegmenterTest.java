package dev.atelier.plugin.mosaic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The segmentation on the rendered photo of 46 candies whose places and colours are known. */
class SegmenterTest {
    static final Path PHOTO = Path.of("src/test/resources/candies.jpg"), TRUTH = Path.of("src/test/resources/candies.csv");

    @Test void findsEveryCandyOnceWithItsColourIncludingTouchingPairs() throws Exception {
        BufferedImage photo = ImageIO.read(PHOTO.toFile());
        List<CandyPhoto.Truth> truth = CandyPhoto.readTruth(TRUTH);
        Segmenter.Result r = Segmenter.find(photo);
        List<Segmenter.Found> unmatched = new ArrayList<>(r.candies());
        List<String> problems = new ArrayList<>();
        for (CandyPhoto.Truth t : truth) {
            Segmenter.Found near = null;
            for (Segmenter.Found f : unmatched) if (Math.hypot(f.cx() - t.x(), f.cy() - t.y()) < t.r() / 2) near = f;
            if (near == null) {
                problems.add("missed the " + Candy.name(t.colour()) + " candy at " + Math.round(t.x()) + "," + Math.round(t.y()));
                continue;
            }
            unmatched.remove(near);
            if (near.colour() != t.colour()) {
                problems.add("the " + Candy.name(t.colour()) + " candy at " + Math.round(t.x()) + "," + Math.round(t.y()) + " was labelled "
                        + Candy.name(near.colour()) + String.format(" (median #%06X)", near.medianRgb()));
            }
        }
        for (Segmenter.Found f : unmatched) problems.add("found a candy that is not there, at " + Math.round(f.cx()) + "," + Math.round(f.cy()));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(truth.size(), r.candies().size());
    }
}
