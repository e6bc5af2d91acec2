package dev.atelier.core;

import java.util.List;
import java.util.Optional;

/**
 * An installed filter or sink: what it is called, what it takes and gives, where it comes from and
 * which parameters it has.
 *
 * @param output the payload type a filter gives; null for a sink
 * @param bundle the providing bundle as "symbolic-name version"
 * @param attachments the text attachments a filter declares it adds ({@code FilterProperties.attachments})
 */
public record ElementInfo(String name, Kind kind, List<String> inputs, String output, String description,
                          String bundle, long bundleId, List<ParameterInfo> parameters, List<String> attachments) {

    public enum Kind { FILTER, SINK;
        @Override public String toString() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    public ElementInfo {
        inputs = List.copyOf(inputs);
        parameters = List.copyOf(parameters);
        attachments = List.copyOf(attachments);
    }

    /** As before text attachments were declared ({@code atelier.filter.attachments}): none. */
    public ElementInfo(String name, Kind kind, List<String> inputs, String output, String description, String bundle, long bundleId,
                       List<ParameterInfo> parameters) {
        this(name, kind, inputs, output, description, bundle, bundleId, parameters, List.of());
    }

    public Optional<ParameterInfo> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public boolean accepts(String payloadType) {
        return inputs.contains(payloadType) || inputs.contains("any");
    }
}
