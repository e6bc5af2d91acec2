package dev.atelier.studio.internal;

import dev.atelier.core.Catalog;
import dev.atelier.core.ElementInfo;
import dev.atelier.core.ParameterInfo;
import dev.atelier.core.PipelineInfo;
import dev.atelier.core.PipelineRegistry;
import dev.atelier.core.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the page shows, as JSON-ready maps: the palette of filters and outputs, and the pipelines. */
final class Views {
    private Views() { }

    static List<Map<String, Object>> palette(Catalog catalog) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ElementInfo e : catalog.elements().stream().sorted(Comparator.comparing(ElementInfo::name)).toList()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", e.name());
            m.put("kind", e.kind() == ElementInfo.Kind.FILTER ? "filter" : "output");
            m.put("inputs", e.inputs());
            m.put("output", e.output());
            m.put("description", e.description());
            m.put("bundle", e.bundle());
            List<Map<String, Object>> params = new ArrayList<>();
            for (ParameterInfo p : e.parameters()) params.add(parameter(p));
            m.put("parameters", params);
            m.put("attachments", e.attachments());
            out.add(m);
        }
        return out;
    }

    static Map<String, Object> parameter(ParameterInfo p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("type", p.type());
        m.put("list", p.cardinality() != 0);
        m.put("default", p.defaults().isEmpty() ? null : String.join(",", p.defaults()));
        m.put("min", p.min());
        m.put("max", p.max());
        List<Map<String, Object>> options = new ArrayList<>();
        for (ParameterInfo.Option o : p.options()) options.add(Map.of("value", o.value(), "label", o.label() == null ? o.value() : o.label()));
        m.put("options", options);
        m.put("description", p.description());
        m.put("required", p.required());
        return m;
    }

    static List<Map<String, Object>> pipelines(PipelineRegistry registry) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PipelineInfo p : registry.pipelines().stream().sorted(Comparator.comparing(PipelineInfo::name)).toList()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("state", p.state().name().toLowerCase(java.util.Locale.ROOT));
            m.put("message", p.message());
            m.put("system", registry.isSystem(p.name()));
            m.put("file", p.file() == null ? null : p.file().toString());
            m.put("waitingFor", p.waitingFor());
            List<Map<String, Object>> problems = new ArrayList<>();
            for (Problem pr : p.problems()) problems.add(problem(pr, false));
            m.put("problems", problems);
            out.add(m);
        }
        return out;
    }

    /** A problem as the page shows it: line, step, message, and whether it may go away without an edit (waiting for a plugin). */
    static Map<String, Object> problem(Problem p, boolean waiting) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("line", p.line());
        q.put("step", p.step());
        q.put("message", p.message());
        q.put("waiting", waiting);
        return q;
    }
}
