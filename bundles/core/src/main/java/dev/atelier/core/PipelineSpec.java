package dev.atelier.core;

import java.nio.file.Path;
import java.util.List;

/**
 * A pipeline as written in a descriptor file or a one-line chain, before it is checked against the
 * installed filters.
 *
 * @param file the descriptor, or null for a chain
 * @param steps the filters, in order
 * @param outputs the sinks that receive the last step's result; for a chain, the trailing steps
 *                that turn out to be sinks are moved here when it is resolved
 * @param chain true when written as a one-line chain (whose steps may hold sinks until resolved)
 */
public record PipelineSpec(String name, String description, Path file, List<StepSpec> steps, List<StepSpec> outputs, boolean chain) {
    public PipelineSpec {
        steps = List.copyOf(steps);
        outputs = List.copyOf(outputs);
    }

    /** "file.pipeline.yaml" or "chain". */
    public String sourceLabel() {
        return file == null ? "chain" : file.toString();
    }
}
