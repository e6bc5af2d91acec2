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
}
