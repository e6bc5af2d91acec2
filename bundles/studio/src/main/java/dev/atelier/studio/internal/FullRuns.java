package dev.atelier.studio.internal;

import dev.atelier.core.DescriptorException;
import dev.atelier.core.Job;
import dev.atelier.core.JobService;
import dev.atelier.core.PipelineRegistry;
import dev.atelier.core.ResolvedPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Full-size runs from the page: the chain (or a registered pipeline) as an ordinary job of the host on whole
 * photos, each run writing into a folder of its own under the home's {@code out/studio/} (the job's work
 * folder, so a pipeline's relative output paths land there too), where its files stay and from where the page
 * downloads them. The page follows runs through the event stream and can cancel them.
 */
final class FullRuns {
    /** Runs kept in the list (their files stay on disk). */
    static final int KEPT = 20;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    record Run(long id, String what, Path folder, Job job) { }

    private final PipelineRegistry registry;
    private final JobService jobs;
    private final Path root;
    private final Map<Long, Run> runs = new ConcurrentSkipListMap<>(java.util.Comparator.reverseOrder());
    private final AtomicLong ids = new AtomicLong();

    FullRuns(PipelineRegistry registry, JobService jobs, Path root) {
        this.registry = registry;
        this.jobs = jobs;
        this.root = root;
    }

    /**
     * Starts a run.
     *
     * @param pipeline a registered pipeline's name (its own outputs), or null to run {@code chain}
     * @param chain the page's chain of filters; a file output is added ({@code {input}.png}, or .svg and .gcode for a drawing)
     * @param then one more output after those, or null: what a plugin's panel adds (the cnc panel's {@code cnc port=...})
     */
    Run start(String pipeline, String chain, boolean drawing, String then, List<Path> inputs) throws Previews.Failure {
        if (inputs.isEmpty()) throw new Previews.Failure(400, "no photo to run on: pick one, or a folder that holds some");
        ResolvedPipeline resolved;
        String what;
        try {
            if (pipeline != null && !pipeline.isBlank()) {
                resolved = registry.active(pipeline, Duration.ofSeconds(2));
                what = pipeline;
            } else {
                if (chain == null || chain.isBlank()) throw new Previews.Failure(400, "the chain is empty: add a filter");
                if (chain.contains("\n")) throw new Previews.Failure(400, "a chain is one line");
                if (then != null && (then.contains("\n") || then.contains("!"))) throw new Previews.Failure(400, "'then' is one output step, without '!'");
                String outputs = (drawing ? " ! file path=\"{input}.svg\" overwrite=true ! file path=\"{input}.gcode\" overwrite=true"
                        : " ! file path=\"{input}.png\" overwrite=true") + (then == null || then.isBlank() ? "" : " ! " + then.trim());
                // and the text reports the last filter declares (a mosaic's bill of materials and chart), beside each picture
                resolved = Reports.resolve(registry, chain, outputs, file -> "{input}-" + file).pipeline();
                what = chain;
            }
        } catch (DescriptorException e) {
            throw new Previews.Failure(400, e.getMessage());
        }
        long id = ids.incrementAndGet();
        Path folder = root.resolve("run-" + id + "-" + LocalDateTime.now().format(STAMP));
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new Previews.Failure(500, "cannot make the run's folder " + folder + ": " + e.getMessage());
        }
        Job job;
        try {
            job = jobs.submit(resolved, inputs, folder);
        } catch (IllegalArgumentException e) {
            throw new Previews.Failure(400, e.getMessage());
        }
        Run run = new Run(id, what, folder, job);
        runs.put(id, run);
        while (runs.size() > KEPT) {
            Long oldest = ((ConcurrentSkipListMap<Long, Run>) runs).lastKey();
            if (!runs.get(oldest).job().state().isDone()) break;
            runs.remove(oldest);
        }
        return run;
    }

    boolean cancel(long id) {
        Run r = runs.get(id);
        if (r == null) return false;
        r.job().cancel();
        return true;
    }

    /** A file a run wrote, for download; a path leading out of the run's folder is refused. */
    Path file(long id, String relative) throws Previews.Failure {
        Run r = runs.get(id);
        if (r == null) throw new Previews.Failure(404, "no run " + id + " (the Studio keeps the last " + KEPT + ")");
        Path f = r.folder().resolve(relative == null ? "" : relative).normalize();
        if (!f.startsWith(r.folder()) || !Files.isRegularFile(f)) throw new Previews.Failure(404, "run " + id + " wrote no file '" + relative + "'");
        return f;
    }

    /** Every run for the page: state, progress, each input's result, the files written so far. */
    List<Map<String, Object>> view() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Run r : runs.values()) {
            Job j = r.job();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("what", r.what());
            m.put("folder", r.folder().toString());
            m.put("state", j.state().name().toLowerCase(java.util.Locale.ROOT));
            m.put("progress", j.progress());
            m.put("done", j.done());
            m.put("failed", j.failed());
            m.put("total", j.total());
            List<Map<String, Object>> results = new ArrayList<>();
            for (Job.FileResult f : j.results()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("input", f.input().getFileName().toString());
                x.put("ok", f.ok());
                x.put("error", f.error() == null ? "" : f.error());
                results.add(x);
            }
            m.put("results", results);
            List<Map<String, Object>> files = new ArrayList<>();
            try (Stream<Path> s = Files.walk(r.folder())) {
                for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                    files.add(Map.of("path", r.folder().relativize(f).toString().replace('\\', '/'), "bytes", Files.size(f)));
                }
            } catch (IOException | java.io.UncheckedIOException ignored) {
                // a file written or removed while listed: the next look sees it
            }
            m.put("files", files);
            out.add(m);
        }
        return out;
    }
}
