package dev.atelier.shell.internal;

import dev.atelier.core.Catalog;
import dev.atelier.core.ElementInfo;
import dev.atelier.core.Job;
import dev.atelier.core.JobService;
import dev.atelier.core.ParameterInfo;
import dev.atelier.core.PipelineInfo;
import dev.atelier.core.PipelineRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What Tab offers after an {@code atelier:*} command, from the live host: pipeline names, filter and output
 * names, inside a chain the parameters of the step being typed ({@code dither pal} -> {@code palette=}) and
 * the values of those that have options ({@code kernel=}), job ids. Knows no terminal library: the JLine
 * console turns these into its candidates.
 */
final class Completions {
    /** The commands (without their atelier scope) whose arguments {@link #argument} completes. */
    static final Set<String> COMMANDS = Set.of("run", "validate", "show", "inspect", "cancel", "quit", "exit");

    /**
     * One thing Tab may insert.
     *
     * @param value what replaces the word being typed (for a chain: the whole chain up to the cursor)
     * @param display what the list of choices shows
     * @param description a short help beside it, or null
     * @param complete whether the word is finished (a space follows) or goes on (after {@code palette=})
     */
    record Suggestion(String value, String display, String description, boolean complete) { }

    /** Suggestions, and whether file names fit here too. */
    record Result(List<Suggestion> suggestions, boolean files) {
        static final Result NONE = new Result(List.of(), false);
    }

    private final Catalog catalog;
    private final PipelineRegistry registry;
    private final JobService jobs;

    Completions(Catalog catalog, PipelineRegistry registry, JobService jobs) {
        this.catalog = catalog;
        this.registry = registry;
        this.jobs = jobs;
    }

    /**
     * The argument being typed after {@code command} (without its {@code atelier:} scope).
     *
     * @param before the arguments already typed before it
     * @param word the argument up to the cursor, unquoted
     * @param quoted whether the user opened a quote for it (a chain is always typed in quotes)
     */
    Result argument(String command, List<String> before, String word, boolean quoted) {
        List<String> positional = before.stream().filter(a -> !a.startsWith("-")).toList();
        switch (command) {
            case "run": {
                if (!positional.isEmpty()) return new Result(List.of(), true); // inputs
                if (quoted || Runs.isChain(word)) return new Result(chain(word), false);
                List<Suggestion> s = new ArrayList<>(pipelines());
                if (before.isEmpty()) s.add(new Suggestion("-b", "-b", "run in the background", true));
                return new Result(s, true);
            }
            case "validate":
                if (!positional.isEmpty()) return Result.NONE;
                if (quoted || Runs.isChain(word)) return new Result(chain(word), false);
                return new Result(List.of(), true);
            case "show":
                return positional.isEmpty() ? new Result(pipelines(), false) : Result.NONE;
            case "inspect":
                return positional.isEmpty() ? new Result(elements(""), false) : Result.NONE;
            case "cancel":
                return positional.isEmpty() ? new Result(runningJobs(), false) : Result.NONE;
            case "quit": case "exit":
                return new Result(before.isEmpty() ? List.of(new Suggestion("-f", "-f", "leave even while jobs run", true)) : List.of(), false);
            default:
                return Result.NONE;
        }
    }

    /** Inside a chain ({@code "dither palette=cga ! file path=out/{input}.png"}), up to the cursor. */
    List<Suggestion> chain(String text) {
        int bang = text.lastIndexOf('!');
        String head = text.substring(0, bang + 1), step = text.substring(bang + 1);
        int tokenStart = step.length();
        while (tokenStart > 0 && !Character.isWhitespace(step.charAt(tokenStart - 1))) tokenStart--;
        String typed = step.substring(tokenStart), keep = head + step.substring(0, tokenStart);
        String[] earlier = step.substring(0, tokenStart).trim().split("\\s+");
        boolean first = earlier.length == 1 && earlier[0].isEmpty();
        if (first) {
            // after a '!' a space reads better: "dither ! file"
            String lead = bang >= 0 && tokenStart == 0 ? " " : "";
            List<Suggestion> s = new ArrayList<>();
            for (Suggestion e : elements(typed)) s.add(new Suggestion(keep + lead + e.value() + " ", e.display(), e.description(), false));
            return s;
        }
        Optional<ElementInfo> element = catalog.element(earlier[0]);
        if (element.isEmpty()) return List.of();
        int eq = typed.indexOf('=');
        List<Suggestion> s = new ArrayList<>();
        if (eq >= 0) {
            String key = typed.substring(0, eq);
            Optional<ParameterInfo> p = element.get().parameter(key);
            if (p.isEmpty()) return List.of();
            for (String[] v : values(p.get())) {
                if (v[0].startsWith(typed.substring(eq + 1))) s.add(new Suggestion(keep + key + "=" + v[0] + " ", v[0], v[1], false));
            }
            return s;
        }
        Set<String> given = new HashSet<>();
        for (int i = 1; i < earlier.length; i++) {
            int e = earlier[i].indexOf('=');
            if (e > 0) given.add(earlier[i].substring(0, e));
        }
        for (ParameterInfo p : element.get().parameters()) {
            if (given.contains(p.name()) || !p.name().startsWith(typed)) continue;
            s.add(new Suggestion(keep + p.name() + "=", p.name() + "=", help(p), false));
        }
        if (typed.isEmpty()) s.add(new Suggestion(keep + "! ", "!", "then the next step", false));
        return s;
    }

    private static List<String[]> values(ParameterInfo p) {
        List<String[]> v = new ArrayList<>();
        for (ParameterInfo.Option o : p.options()) v.add(new String[] {o.value(), o.label().equals(o.value()) ? null : o.label()});
        if (v.isEmpty() && p.type().equals("Boolean")) {
            v.add(new String[] {"true", null});
            v.add(new String[] {"false", null});
        }
        return v;
    }

    private static String help(ParameterInfo p) {
        StringBuilder h = new StringBuilder(p.type().toLowerCase(Locale.ROOT));
        if (!p.range().isEmpty()) h.append(' ').append(p.range());
        if (!p.defaults().isEmpty()) h.append(", default ").append(String.join(",", p.defaults()));
        if (p.description() != null && !p.description().isBlank()) h.append(": ").append(p.description());
        return h.toString();
    }

    private List<Suggestion> pipelines() {
        List<Suggestion> s = new ArrayList<>();
        for (PipelineInfo p : registry.pipelines()) {
            s.add(new Suggestion(p.name(), p.name(), p.state().toString().toLowerCase(Locale.ROOT)
                    + (registry.isSystem(p.name()) ? ", bundled" : ""), true));
        }
        return s;
    }

    private List<Suggestion> elements(String prefix) {
        List<Suggestion> s = new ArrayList<>();
        for (ElementInfo e : catalog.elements()) {
            if (!e.name().startsWith(prefix)) continue;
            String d = e.description() == null ? "" : e.description();
            int dot = d.indexOf(". ");
            s.add(new Suggestion(e.name(), e.name(), e.kind() + (d.isBlank() ? "" : ": " + (dot > 0 ? d.substring(0, dot) : d)), true));
        }
        return s;
    }

    private List<Suggestion> runningJobs() {
        List<Suggestion> s = new ArrayList<>();
        for (Job j : jobs.jobs()) {
            if (j.state().isDone()) continue;
            s.add(new Suggestion(Long.toString(j.id()), Long.toString(j.id()),
                    j.description() + ", " + j.done() + "/" + j.total(), true));
        }
        return s;
    }
}
