package dev.atelier.core;

import java.util.List;
import java.util.Map;

/**
 * A pipeline checked against the installed filters and sinks: every step exists, its parameters are
 * converted to their declared types (defaults filled in) and the payload types meet.
 */
public record ResolvedPipeline(PipelineSpec spec, List<Step> steps, List<Step> outputs) {

    /** One checked step: the element it runs and its converted parameter values. */
    public record Step(StepSpec spec, ElementInfo element, Map<String, Object> values) {
        public Step {
            values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        }
    }

    public ResolvedPipeline {
        steps = List.copyOf(steps);
        outputs = List.copyOf(outputs);
    }

    public String name() { return spec.name(); }
}
