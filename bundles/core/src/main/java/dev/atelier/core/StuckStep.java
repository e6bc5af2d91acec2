package dev.atelier.core;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A step that did not stop when its job was cancelled or its bundle left. Its thread was abandoned:
 * the job reported the input failed and the pool put a fresh worker in its place, but the plugin's
 * code may still be running in it.
 *
 * @param job the job the step ran in
 * @param step the step's label ("step 1 'spin'")
 * @param bundle the bundle that provides the step, "symbolic-name version"
 * @param input the input file the step worked on
 * @param since when the step was abandoned
 * @param thread the name of the abandoned thread
 */
public record StuckStep(long job, String step, String bundle, long bundleId, Path input, Instant since, String thread) {
    /** How long it has been stuck. */
    public Duration stuckFor() {
        return Duration.between(since, Instant.now());
    }
}
