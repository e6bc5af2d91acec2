package dev.atelier.test.integration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import dev.atelier.core.PipelineRegistry;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A fresh host home for one test: deploy/, pipelines/ and out/ in a temporary folder, watched by
 * the real FileInstall through factory configurations, as etc/ files would set it up.
 */
final class Home implements AutoCloseable {
    final Path root;
    final Path deploy;
    final Path pipelines;
    final Path out;
    private final Configuration deployWatcher;
    private final Configuration pipelinesWatcher;
    private final BundleContext context;

    private final PipelineRegistry registry;

    Home(ConfigurationAdmin cm, BundleContext context, PipelineRegistry registry) throws IOException {
        this.context = context;
        this.registry = registry;
        root = Files.createTempDirectory("atelier-it");
        deploy = Files.createDirectories(root.resolve("deploy"));
        pipelines = Files.createDirectories(root.resolve("pipelines"));
        out = root.resolve("out");
        // one configuration a folder: only the framework property splits a comma list
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("felix.fileinstall.poll", "250");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.bundles.new.start", "true");
        p.put("felix.fileinstall.log.level", "1");
        deployWatcher = watch(cm, p, deploy);
        pipelinesWatcher = watch(cm, p, pipelines);
    }

    private static Configuration watch(ConfigurationAdmin cm, Hashtable<String, Object> settings, Path folder) throws IOException {
        Configuration c = cm.createFactoryConfiguration("org.apache.felix.fileinstall", "?");
        Hashtable<String, Object> p = new Hashtable<>(settings);
        p.put("felix.fileinstall.dir", folder.toString());
        c.update(p);
        return c;
    }

    static Path fixtureJar() {
        return Paths.get(System.getProperty("atelier.fixture.jar"));
    }

    static Path sample(String name) {
        return Paths.get(System.getProperty("atelier.samples")).resolve(name);
    }

    /** Copies a jar in beside the folder, then moves it in whole, as a careful user would. */
    void drop(Path jar, String name) throws IOException {
        Path tmp = root.resolve(name + ".tmp");
        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, deploy.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    Path descriptor(String name, String yaml) throws IOException {
        Path f = pipelines.resolve(name + ".pipeline.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + limit.toMillis() + " ms waiting for " + what);
            Thread.sleep(20);
        }
    }

    @Override public void close() throws Exception {
        // take everything out through the watcher, so the next test starts from an empty host
        try (Stream<Path> s = Stream.concat(Files.list(deploy), Files.list(pipelines))) {
            for (Path f : s.toList()) Files.delete(f);
        }
        await("this home's pipelines and bundles to be gone", Duration.ofSeconds(5), () ->
                registry.pipelines().stream().noneMatch(p -> p.file().startsWith(root))
                        && Stream.of(context.getBundles()).noneMatch(b -> b.getLocation().contains(root.toString())));
        deployWatcher.delete();
        pipelinesWatcher.delete();
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().contains(root.toString())) {
                try {
                    b.uninstall();
                } catch (Exception ignored) {
                    // already gone
                }
            }
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
