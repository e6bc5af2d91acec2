package dev.atelier.shell.internal;

import dev.atelier.core.Job;
import dev.atelier.core.PipelineInfo;
import dev.atelier.core.PipelineState;
import dev.atelier.core.ResolvedPipeline;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Measures the host's own costs inside the running host, where the events happen: a plugin jar
 * dropped into deploy/ until a waiting pipeline is ready; a descriptor saved until its new version
 * is active; and the engine's cost for one step (a filter that returns its input) on a large image.
 */
final class HostBenchmark {
    private final BatchCommand top;
    private final Path deploy;
    private final Path pipelines;
    private final PrintStream out;

    HostBenchmark(BatchCommand top, Path deploy, Path pipelines) {
        this.top = top;
        this.deploy = deploy;
        this.pipelines = pipelines;
        this.out = top.out;
    }

    void run(Path pluginJar, String noopFilter, Path image, int rounds) throws Exception {
        List<Double> drop = new ArrayList<>(), edit = new ArrayList<>();
        Path descriptor = pipelines.resolve("bench-wait.pipeline.yaml");
        Files.writeString(descriptor, "steps: [" + noopFilter + "]\noutputs: [file: {path: /dev/null/never.png}]\n");
        await(() -> state("bench-wait") != null, 5000);
        for (int i = 0; i < rounds; i++) {
            Path target = deploy.resolve("bench-plugin.jar");
            Path tmp = deploy.resolveSibling("bench-plugin.jar.tmp");
            Files.copy(pluginJar, tmp, StandardCopyOption.REPLACE_EXISTING);
            await(() -> state("bench-wait") == PipelineState.WAITING, 5000);
            long t0 = System.nanoTime();
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            await(() -> state("bench-wait") == PipelineState.READY, 10000);
            drop.add((System.nanoTime() - t0) / 1e6);
            Files.delete(target);
            await(() -> state("bench-wait") == PipelineState.WAITING, 10000);
        }
        Files.delete(descriptor);

        Path edited = pipelines.resolve("bench-edit.pipeline.yaml");
        for (int i = 0; i < rounds; i++) {
            int quality = 50 + i;
            long t0 = System.nanoTime();
            Files.writeString(edited, "outputs: [file: {path: out.jpg, quality: " + quality + "}]\n");
            await(() -> {
                PipelineInfo p = top.registry.pipeline("bench-edit").orElse(null);
                return p != null && p.active() != null && Long.valueOf(quality).equals(p.active().outputs().get(0).values().get("quality"));
            }, 10000);
            edit.add((System.nanoTime() - t0) / 1e6);
        }
        Files.delete(edited);

        // the engine's cost of one step: ten filters that return their input, on the given image
        Files.copy(pluginJar, deploy.resolve("bench-plugin.jar"), StandardCopyOption.REPLACE_EXISTING);
        await(() -> top.catalog.element(noopFilter).isPresent(), 10000);
        Path written = Files.createTempDirectory("atelier-bench");
        String chain = (noopFilter + " ! ").repeat(10) + "file path=" + written + "/{input}.bmp overwrite=true";
        ResolvedPipeline p = top.registry.chain(chain);
        List<Double> perStep = new ArrayList<>();
        double decode = 0, mp;
        for (int i = 0; i < rounds; i++) {
            Job job = top.jobs.submit(p, List.of(image));
            job.await(Duration.ofMinutes(2));
            if (job.failed() > 0) throw new IllegalStateException(job.results().get(0).error());
            for (Map.Entry<String, Duration> e : job.stepTimes().entrySet()) {
                if (e.getKey().equals("decode")) decode = e.getValue().toNanos() / 1e6;
                else if (e.getKey().contains(noopFilter)) perStep.add(e.getValue().toNanos() / 1e6);
            }
        }
        Files.delete(deploy.resolve("bench-plugin.jar"));
        try (java.util.stream.Stream<Path> files = Files.walk(written)) {
            for (Path f : files.sorted(Collections.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
        mp = megapixels(image);

        out.printf(Locale.ROOT, "%-52s %9s %9s %9s %6s%n", "measure", "median", "min", "max", "n");
        row("jar dropped into deploy/ -> waiting pipeline ready (ms)", drop);
        row("descriptor saved -> new version active (ms)", edit);
        row(String.format(Locale.ROOT, "engine cost of one no-op step, %.1f MP image (ms)", mp), perStep);
        out.printf(Locale.ROOT, "(decoding that image took %.0f ms; a pixel copy is not needed by a no-op step)%n", decode);
    }

    /** The image's size from its header; the job has already decoded it once. */
    private static double megapixels(Path image) throws java.io.IOException {
        try (javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(image.toFile())) {
            javax.imageio.ImageReader reader = javax.imageio.ImageIO.getImageReaders(in).next();
            try {
                reader.setInput(in);
                return reader.getWidth(0) * (double) reader.getHeight(0) / 1e6;
            } finally {
                reader.dispose();
            }
        }
    }

    private void row(String name, List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        out.printf(Locale.ROOT, "%-52s %9.2f %9.2f %9.2f %6d%n", name, s.get(s.size() / 2), s.get(0), s.get(s.size() - 1), s.size());
    }

    private PipelineState state(String name) {
        return top.registry.pipeline(name).map(PipelineInfo::state).orElse(null);
    }

    private static void await(BooleanSupplier c, long ms) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > end) throw new IllegalStateException("benchmark: a step did not happen within " + ms + " ms");
            Thread.sleep(1);
        }
    }
}
