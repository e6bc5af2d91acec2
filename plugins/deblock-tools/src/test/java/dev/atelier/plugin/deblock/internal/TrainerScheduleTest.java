package dev.atelier.plugin.deblock.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The training command's clock and learning-rate schedule, which decide what a resumed or paused run does. */
class TrainerScheduleTest {
    @Test void theRateIsFullForSeventyPercentThenFallsToATenth() {
        double budget = 10_000;
        assertEquals(Trainer.LEARNING_RATE, Trainer.learningRate(0, budget), 1e-12);
        assertEquals(Trainer.LEARNING_RATE, Trainer.learningRate(7_000, budget), 1e-12);
        assertEquals(Trainer.LEARNING_RATE * 0.5, Trainer.learningRate(8_500, budget), 1e-12);
        assertEquals(Trainer.LEARNING_RATE * 0.1, Trainer.learningRate(10_000, budget), 1e-12);
        assertEquals(Trainer.LEARNING_RATE * 0.1, Trainer.learningRate(12_000, budget), 1e-12); // past the budget: never below a tenth
    }

    @Test void aStoppedProcessDoesNotSpendTheBudget() {
        assertEquals(0.3, Trainer.trainingSeconds(0.3), 0);
        assertEquals(Trainer.PAUSE_SECONDS, Trainer.trainingSeconds(Trainer.PAUSE_SECONDS), 0);
        assertEquals(0, Trainer.trainingSeconds(600), 0); // kill -STOP for ten minutes, or a suspended machine
    }

    @Test void theProgressLineGivesAHeldOutGain() throws Exception {
        java.nio.file.Path model = java.nio.file.Path.of("../deblock/src/main/resources/model/deblock.zip");
        java.awt.image.BufferedImage coffee = javax.imageio.ImageIO.read(
                java.nio.file.Path.of(System.getProperty("atelier.samples", "../../runtime/samples")).resolve("coffee.png").toFile());
        String line = Trainer.heldOutGain(model, java.util.List.of(coffee));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(", held-out q20 \\+(\\d\\.\\d\\d) dB").matcher(line);
        org.junit.jupiter.api.Assertions.assertTrue(m.matches(), line);
        org.junit.jupiter.api.Assertions.assertTrue(Double.parseDouble(m.group(1)) > 0.5, "the shipped network gains on coffee at q20: " + line);
        org.junit.jupiter.api.Assertions.assertEquals("", Trainer.heldOutGain(model, java.util.List.of()));
    }
}
