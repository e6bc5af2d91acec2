package dev.atelier.core;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A pipeline in the registry.
 *
 * @param spec the version last read from the file (possibly invalid: then {@code problems} says why)
 * @param active the version jobs run: the current one when ready, the last good one otherwise (or null)
 * @param waitingFor names of filters or sinks not installed yet
 * @param problems what is wrong with the file as it is now
 * @param loadedAt when the file was last read
 */
public record PipelineInfo(String name, Path file, PipelineState state, PipelineSpec spec, ResolvedPipeline active,
                           List<String> waitingFor, List<Problem> problems, Instant loadedAt) {
    public PipelineInfo {
        waitingFor = List.copyOf(waitingFor);
        problems = List.copyOf(problems);
    }

    /** One line for listings: why it is not ready, or "". */
    public String message() {
        return switch (state) {
            case READY -> "";
            case WAITING -> "waiting for " + String.join(", ", waitingFor) + " (not installed)"
                    + (problems.isEmpty() ? "" : "; " + problems.get(0).message());
            case INVALID -> problems.isEmpty() ? "invalid" : problems.get(0).toString()
                    + (problems.size() > 1 ? " (+" + (problems.size() - 1) + " more)" : "")
                    + (active != null ? " [running the last good version]" : "");
        };
    }
}
