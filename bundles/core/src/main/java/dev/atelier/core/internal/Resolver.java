package dev.atelier.core.internal;

import dev.atelier.api.Payload;
import dev.atelier.core.ElementInfo;
import dev.atelier.core.ElementInfo.Kind;
import dev.atelier.core.ParameterInfo;
import dev.atelier.core.PipelineSpec;
import dev.atelier.core.Problem;
import dev.atelier.core.ResolvedPipeline;
import dev.atelier.core.StepSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks a {@link PipelineSpec} against the installed elements: every name exists (else the pipeline
 * waits for it), filters stand in steps and sinks in outputs, parameters are known, typed and in
 * range, required ones are given, and each step takes the payload type the one before gives.
 */
final class Resolver {
    /** The outcome: a resolved pipeline, or the names waited for, or problems. */
    record Outcome(ResolvedPipeline pipeline, Set<String> waitingFor, List<Problem> problems) { }

    /** A plugin's own check of a step's parameters ({@code Filter.check}, {@code Sink.check}). */
    interface Checker {
        Checker NONE = (e, values, input) -> List.of();

        List<String> check(ElementInfo element, Map<String, Object> values, String input);
    }

    private Resolver() { }

    static Outcome resolve(PipelineSpec spec, Function<String, Optional<ElementInfo>> catalog) {
        return resolve(spec, catalog, Checker.NONE);
    }

    static Outcome resolve(PipelineSpec spec, Function<String, Optional<ElementInfo>> installed, Checker checker) {
        List<Problem> problems = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>();
        List<StepSpec> steps = new ArrayList<>(spec.steps());
        List<StepSpec> outputs = new ArrayList<>(spec.outputs());
        // each element looked up once: a plugin that leaves meanwhile must not be there for one look and gone for the next
        Map<String, ElementInfo> found = new java.util.HashMap<>();
        for (StepSpec s : concat(steps, outputs)) {
            if (found.containsKey(s.name())) continue;
            Optional<ElementInfo> e = installed.apply(s.name());
            if (e.isEmpty()) missing.add(s.name());
            else found.put(s.name(), e.get());
        }
        if (!missing.isEmpty()) return new Outcome(null, missing, List.of());

        if (spec.chain()) {
            // a chain's trailing sinks are its outputs
            int firstSink = steps.size();
            while (firstSink > 0 && found.get(steps.get(firstSink - 1).name()).kind() == Kind.SINK) firstSink--;
            outputs = new ArrayList<>(steps.subList(firstSink, steps.size()));
            steps = new ArrayList<>(steps.subList(0, firstSink));
            if (outputs.isEmpty()) {
                problems.add(problem(spec, 0, null, "a chain ends with an output, for example  ! file path=out/{input}.png"));
            }
        }

        List<ResolvedPipeline.Step> rSteps = new ArrayList<>();
        List<ResolvedPipeline.Step> rOutputs = new ArrayList<>();
        String flowing = Payload.RASTER;
        String from = "the input image";
        for (StepSpec s : steps) {
            ElementInfo e = found.get(s.name());
            if (e.kind() != Kind.FILTER) {
                problems.add(problem(spec, s.line(), s.label(), "'" + s.name() + "' is an output, not a filter: "
                        + (spec.chain() ? "outputs come last in a chain" : "list it under 'outputs:'")));
                continue;
            }
            if (!e.accepts(flowing)) {
                problems.add(problem(spec, s.line(), s.label(), "'" + s.name() + "' takes " + String.join(" or ", e.inputs())
                        + " but gets " + flowing + " from " + from));
            }
            rSteps.add(new ResolvedPipeline.Step(s, e, checked(spec, s, e, flowing, checker, problems)));
            flowing = e.output();
            from = "step " + s.label();
        }
        for (StepSpec s : outputs) {
            ElementInfo e = found.get(s.name());
            if (e.kind() != Kind.SINK) {
                problems.add(problem(spec, s.line(), s.label(), "'" + s.name() + "' is a filter, not an output: list it under 'steps:'"));
                continue;
            }
            if (!e.accepts(flowing)) {
                problems.add(problem(spec, s.line(), s.label(), "output '" + s.name() + "' takes " + String.join(" or ", e.inputs())
                        + " but gets " + flowing + " from " + from));
            }
            rOutputs.add(new ResolvedPipeline.Step(s, e, checked(spec, s, e, flowing, checker, problems)));
        }
        if (!problems.isEmpty()) return new Outcome(null, Set.of(), problems);
        PipelineSpec resolvedSpec = spec.chain()
                ? new PipelineSpec(spec.name(), spec.description(), spec.file(), steps, outputs, true) : spec;
        return new Outcome(new ResolvedPipeline(resolvedSpec, rSteps, rOutputs), Set.of(), List.of());
    }

    /** The step's parameters, converted and then checked by the plugin itself when they all converted. */
    private static Map<String, Object> checked(PipelineSpec spec, StepSpec s, ElementInfo e, String input, Checker checker, List<Problem> problems) {
        int before = problems.size();
        Map<String, Object> values = parameters(spec, s, e, problems);
        if (problems.size() == before && e.accepts(input)) {
            for (String message : checker.check(e, values, input)) problems.add(problem(spec, lineOf(s, message), s.label(), message));
        }
        return values;
    }

    /** The line of the parameter a plugin's message names ("parameter 'x': ..."), else the step's. */
    private static int lineOf(StepSpec s, String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^parameter '([^']+)'").matcher(message);
        return m.find() && s.params().containsKey(m.group(1)) ? s.lineOf(m.group(1)) : s.line();
    }

    private static Map<String, Object> parameters(PipelineSpec spec, StepSpec s, ElementInfo e, List<Problem> problems) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> given : s.params().entrySet()) {
            Optional<ParameterInfo> p = e.parameter(given.getKey());
            if (p.isEmpty()) {
                List<String> known = e.parameters().stream().map(ParameterInfo::name).toList();
                problems.add(problem(spec, s.lineOf(given.getKey()), s.label(), "unknown parameter '" + given.getKey() + "'; "
                        + (known.isEmpty() ? "'" + s.name() + "' takes none" : "'" + s.name() + "' takes " + String.join(", ", known))
                        + " (see atelier:inspect " + s.name() + ")"));
                continue;
            }
            try {
                values.put(given.getKey(), Values.convert(given.getValue(), p.get()));
            } catch (IllegalArgumentException ex) {
                problems.add(problem(spec, s.lineOf(given.getKey()), s.label(), "parameter '" + given.getKey() + "': " + ex.getMessage()));
            }
        }
        for (ParameterInfo p : e.parameters()) {
            if (values.containsKey(p.name()) || s.params().containsKey(p.name())) continue;
            Object d = Values.defaultValue(p);
            if (d != null) values.put(p.name(), d);
            else if (p.required()) {
                problems.add(problem(spec, s.line(), s.label(), "missing parameter '" + p.name() + "' (" + Values.typeWord(p)
                        + (p.description().isEmpty() ? "" : ": " + p.description()) + ")"));
            }
        }
        return values;
    }

    private static Problem problem(PipelineSpec spec, int line, String step, String message) {
        return new Problem(spec.sourceLabel(), line, step, message);
    }

    private static List<StepSpec> concat(List<StepSpec> a, List<StepSpec> b) {
        List<StepSpec> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
