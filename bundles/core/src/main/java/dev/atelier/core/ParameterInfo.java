package dev.atelier.core;

import java.util.List;

/**
 * One parameter of a filter or sink, as its Metatype attribute definition describes it.
 *
 * @param type Metatype type name: String, Integer, Long, Double, Float, Boolean, Short, Byte, Character
 * @param cardinality 0 for one value, otherwise the most values a list may hold (Integer.MAX_VALUE: any)
 * @param defaults default value(s), empty when the parameter has no default
 * @param min lower bound (for String: shortest length), or null
 * @param max upper bound (for String: longest length), or null
 * @param options allowed values with their labels, empty when any value of the type is allowed
 * @param required whether a descriptor must give it (Metatype "required" and no default)
 */
public record ParameterInfo(String name, String label, String type, int cardinality, List<String> defaults, String min,
                            String max, List<Option> options, String description, boolean required) {

    public record Option(String value, String label) { }

    public ParameterInfo {
        defaults = List.copyOf(defaults);
        options = List.copyOf(options);
    }

    /** "0 .. 100", "≥ 1", or "" when unbounded. */
    public String range() {
        if (min != null && max != null) return min + " .. " + max;
        if (min != null) return ">= " + min;
        if (max != null) return "<= " + max;
        return "";
    }
}
