package dev.atelier.shell.internal;

import dev.atelier.core.ElementInfo;
import dev.atelier.core.Job;
import dev.atelier.core.ParameterInfo;
import dev.atelier.core.PipelineInfo;
import dev.atelier.core.ResolvedPipeline;
import dev.atelier.core.StepSpec;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The text the shell and the batch command print; one place so both read the same. */
final class Reports {
    private Reports() { }

    static void filters(PrintStream out, dev.atelier.core.Catalog catalog) {
        List<ElementInfo> elements = catalog.elements();
        if (elements.isEmpty()) {
            out.println("No filters or outputs installed. Drop plugin bundles into deploy/.");
            return;
        }
        Table t = new Table("NAME", "KIND", "STATE", "TAKES", "GIVES", "BUNDLE", "DESCRIPTION");
        List<String> failures = new java.util.ArrayList<>();
        for (ElementInfo e : elements) {
            java.util.Optional<String> failure = catalog.failure(e.name());
            failure.ifPresent(f -> failures.add(e.name() + ": " + f));
            t.row(e.name(), e.kind().toString(), failure.isPresent() ? "FAILED" : "ready", String.join("|", e.inputs()),
                    e.output() == null ? "-" : e.output(), e.bundle(), e.description());
        }
        t.print(out);
        failures.forEach(f -> out.println("  " + f));
    }

    /** The host's health: configuration, plugins that did not come up, stuck steps, pipelines that are not ready. */
    static int status(PrintStream out, dev.atelier.core.Catalog catalog, dev.atelier.core.PipelineRegistry registry,
                      dev.atelier.core.JobService jobs, dev.atelier.core.HostHealth health) {
        int problems = 0;
        out.println("workers: " + jobs.workers() + (jobs.stuckSteps().isEmpty() ? "" : " (+" + jobs.stuckSteps().size() + " abandoned threads)"));
        out.println("filters and outputs: " + catalog.elements().size() + ", pipelines: " + registry.pipelines().size());
        for (String p : jobs.configurationProblems()) { out.println("  config:   " + p + " (the last good configuration is in force)"); problems++; }
        for (String p : health.deployProblems()) { out.println("  deploy:   " + p); problems++; }
        for (ElementInfo e : catalog.elements()) {
            java.util.Optional<String> f = catalog.failure(e.name());
            if (f.isPresent()) { out.println("  plugin:   " + e.name() + ": " + f.get()); problems++; }
        }
        for (dev.atelier.core.StuckStep s : jobs.stuckSteps()) {
            out.printf(Locale.ROOT, "  stuck:    job %d, %s (bundle %s) on %s, for %d s, thread %s%n", s.job(), s.step(), s.bundle(),
                    s.input().getFileName(), s.stuckFor().toSeconds(), s.thread());
            problems++;
        }
        for (PipelineInfo p : registry.pipelines()) {
            if (p.state() != dev.atelier.core.PipelineState.READY) { out.println("  pipeline: " + p.name() + " " + p.state() + ": " + p.message()); problems++; }
        }
        out.println(problems == 0 ? "all well" : problems + " problem(s)");
        return problems;
    }

    static void inspect(PrintStream out, ElementInfo e) {
        out.println(e.name() + " (" + e.kind() + ")");
        if (!e.description().isEmpty()) out.println("  " + e.description());
        out.println("  bundle:  " + e.bundle() + " [" + e.bundleId() + "]");
        out.println("  takes:   " + String.join(" or ", e.inputs()));
        if (e.output() != null) out.println("  gives:   " + e.output());
        out.println();
        if (e.parameters().isEmpty()) {
            out.println("  no parameters");
            return;
        }
        out.println("  parameters:");
        for (ParameterInfo p : e.parameters()) {
            String type = p.type().toLowerCase(Locale.ROOT) + (p.cardinality() > 0 ? "[]" : "");
            out.printf("    %-16s %-9s %s%n", p.name(), type,
                    p.required() ? "required" : "default " + String.join(",", p.defaults()));
            if (!p.range().isEmpty()) out.printf("    %-16s %-9s range %s%n", "", "", p.range());
            if (!p.options().isEmpty()) {
                out.printf("    %-16s %-9s one of %s%n", "", "", p.options().stream().map(ParameterInfo.Option::value).collect(Collectors.joining(", ")));
            }
            if (!p.description().isEmpty()) out.printf("    %-16s %-9s %s%n", "", "", p.description());
        }
    }

    static void pipelines(PrintStream out, List<PipelineInfo> pipelines) {
        if (pipelines.isEmpty()) {
            out.println("No pipelines. Put NAME.pipeline.yaml files into pipelines/.");
            return;
        }
        Table t = new Table("NAME", "STATE", "STEPS", "FILE", "MESSAGE");
        for (PipelineInfo p : pipelines) {
            String steps = p.spec() == null ? "" : chainOf(p.spec().steps(), p.spec().outputs());
            t.row(p.name(), p.state().toString(), steps, p.file().toString().startsWith("[") ? p.file().getName(0) + " (system)"
                    : p.file().getFileName().toString(), p.message());
        }
        t.print(out);
    }

    static void show(PrintStream out, PipelineInfo p, dev.atelier.core.PipelineRegistry registry) {
        out.println("pipeline " + p.name() + "  [" + p.state() + "]");
        if (registry.isSystem(p.name())) {
            out.println("  file:    " + p.file() + " (a system pipeline, shipped in that bundle: read-only; a file "
                    + p.name() + ".pipeline.yaml in pipelines/ overrides it)");
        } else {
            out.println("  file:    " + p.file());
            registry.overrides(p.name()).ifPresent(sys -> out.println("  overrides the system pipeline " + sys));
        }
        out.println("  loaded:  " + p.loadedAt());
        if (p.spec() != null && !p.spec().description().isEmpty()) out.println("  about:   " + p.spec().description());
        if (!p.waitingFor().isEmpty()) out.println("  waiting for: " + String.join(", ", p.waitingFor()) + " (not installed)");
        for (var problem : p.problems()) out.println("  error:   " + problem);
        ResolvedPipeline active = p.active();
        if (active != null) {
            if (p.state() != dev.atelier.core.PipelineState.READY) out.println("  running the last good version:");
            steps(out, active);
        } else if (p.spec() != null) {
            for (StepSpec s : p.spec().steps()) out.println("  step   " + s.label() + " " + s.params());
            for (StepSpec s : p.spec().outputs()) out.println("  output " + s.label() + " " + s.params());
        }
    }

    static void steps(PrintStream out, ResolvedPipeline r) {
        for (ResolvedPipeline.Step s : r.steps()) out.println("  step   " + s.spec().label() + "  " + s.values() + "  <- " + s.element().bundle());
        for (ResolvedPipeline.Step s : r.outputs()) out.println("  output " + s.spec().label() + "  " + s.values() + "  <- " + s.element().bundle());
    }

    static String chainOf(List<StepSpec> steps, List<StepSpec> outputs) {
        return java.util.stream.Stream.concat(steps.stream(), outputs.stream()).map(StepSpec::name).collect(Collectors.joining(" ! "));
    }

    static void jobs(PrintStream out, List<Job> jobs) {
        if (jobs.isEmpty()) {
            out.println("No jobs yet.");
            return;
        }
        Table t = new Table("ID", "PIPELINE", "STATE", "PROGRESS", "DONE", "FAILED", "CANCELLED", "INPUTS", "STARTED");
        for (Job j : jobs) {
            int cancelled = j.cancelled(), failed = j.failed() - cancelled, ok = j.done() - j.failed();
            String what = j.description();
            if (what.length() > 48) what = what.substring(0, 45) + "...";
            t.row("" + j.id(), what, j.state().toString(), j.state().isDone() ? "-" : String.format(Locale.ROOT, "%3.0f%%", 100 * j.progress()),
                    "" + ok, "" + failed, "" + cancelled, "" + j.total(), j.started().toString().replaceFirst("\\.\\d+Z$", "Z"));
        }
        t.print(out);
    }

    static void stuck(PrintStream out, List<dev.atelier.core.StuckStep> stuck) {
        for (dev.atelier.core.StuckStep s : stuck) {
            out.printf(Locale.ROOT, "stuck: job %d, %s (bundle %s) on %s, for %d s; its thread %s was abandoned and replaced%n",
                    s.job(), s.step(), s.bundle(), s.input().getFileName(), s.stuckFor().toSeconds(), s.thread());
        }
    }

    static void summary(PrintStream out, PrintStream err, Job j) {
        for (Job.FileResult r : j.results()) {
            if (r.ok()) r.log().forEach(l -> out.println("  " + r.input().getFileName() + ": " + l));
            else if (r.error() != null && r.error().startsWith("cancelled")) out.println("  " + r.input().getFileName() + ": cancelled");
            else err.println("  FAILED " + r.error());
        }
        Duration took = Duration.between(j.started(), Instant.now());
        int cancelled = j.cancelled();
        out.printf(Locale.ROOT, "job %d %s: %d of %d inputs done, %d failed%s, %.2f s%n", j.id(), j.state(), j.done() - j.failed(), j.total(),
                j.failed() - cancelled, cancelled > 0 ? ", " + cancelled + " cancelled" : "", took.toMillis() / 1000.0);
        out.flush();
        Map<String, Duration> times = j.stepTimes();
        if (!times.isEmpty()) {
            out.println("  time per step (all inputs): " + times.entrySet().stream()
                    .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.1f ms", e.getValue().toNanos() / 1e6))
                    .collect(Collectors.joining(", ")));
        }
    }

    /** A plain text table with columns as wide as their widest cell. */
    static final class Table {
        private final List<String[]> rows = new java.util.ArrayList<>();

        Table(String... header) { rows.add(header); }

        void row(String... cells) { rows.add(cells); }

        void print(PrintStream out) {
            int n = rows.get(0).length;
            int[] w = new int[n];
            for (String[] r : rows) for (int i = 0; i < n; i++) w[i] = Math.max(w[i], r[i] == null ? 0 : r[i].length());
            for (String[] r : rows) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    String c = r[i] == null ? "" : r[i];
                    sb.append(c);
                    if (i < n - 1) sb.append(" ".repeat(w[i] - c.length() + 2));
                }
                out.println(sb.toString().stripTrailing());
            }
        }
    }
}
