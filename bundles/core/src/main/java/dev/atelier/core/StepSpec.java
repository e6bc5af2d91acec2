package dev.atelier.core;

import java.util.Map;

/**
 * One step of a pipeline as written: the filter or sink name and the raw parameter values
 * (numbers, booleans, strings, lists), with where each was written.
 *
 * @param index 1-based position among the pipeline's steps and outputs
 * @param line where the step starts (line of a descriptor, column of a chain)
 * @param paramLines where each parameter was written
 */
public record StepSpec(int index, String name, Map<String, Object> params, int line, Map<String, Integer> paramLines) {
    public StepSpec {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        paramLines = Map.copyOf(paramLines);
    }

    public int lineOf(String param) {
        return paramLines.getOrDefault(param, line);
    }

    /** How problems name this step: {@code 2 'dither'}. */
    public String label() {
        return index + " '" + name + "'";
    }
}
