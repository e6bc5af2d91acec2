package dev.atelier.core.internal;

import dev.atelier.core.DescriptorException;
import dev.atelier.core.PipelineInfo;
import dev.atelier.core.PipelineRegistry;
import dev.atelier.core.PipelineSpec;
import dev.atelier.core.PipelineState;
import dev.atelier.core.Problem;
import dev.atelier.core.ResolvedPipeline;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The pipelines read from {@code *.pipeline.yaml} files. FileInstall watches the folders and calls
 * this installer when a descriptor appears, changes or goes; every change of a file or of the
 * installed elements re-checks all pipelines. A descriptor that became invalid keeps its last good
 * version active, so a slip while editing never stops a pipeline that was working.
 */
@Component(service = {PipelineRegistry.class, ArtifactInstaller.class})
public class PipelineRegistryImpl implements PipelineRegistry, ArtifactInstaller {
    private static final Logger LOG = Logger.getLogger(PipelineRegistryImpl.class.getName());

    /** What is known of one descriptor file. */
    private static final class Entry {
        final Path file;
        PipelineSpec spec;              // as last read; null when it did not parse
        List<Problem> readProblems = List.of();
        PipelineSpec lastGood;          // last version that resolved
        Instant loadedAt;

        Entry(Path file) { this.file = file; }

        String name() {
            return spec != null ? spec.name() : lastGood != null ? lastGood.name() : DescriptorParser.defaultName(file);
        }
    }

    private final Map<Path, Entry> files = new LinkedHashMap<>();
    /** Read-only pipelines shipped inside bundles (header Atelier-Pipelines), by their location "[bundle]/folder/file". */
    private final Map<Path, Entry> system = new LinkedHashMap<>();
    private volatile Map<String, Path> overridden = Map.of();
    /** The names the system pipelines hold in the current snapshot (read without the registry's lock). */
    private volatile java.util.Set<String> systemNames = java.util.Set.of();
    private org.osgi.util.tracker.BundleTracker<List<Path>> shipped;
    private volatile Map<String, PipelineInfo> snapshot = Map.of();
    private final Runnable onCatalogChange = this::recompute;

    @Reference
    CatalogImpl catalog;

    static final long PARSE_SECONDS = 10;
    private final java.util.concurrent.ExecutorService parser = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "atelier-descriptor-reader");
        t.setDaemon(true);
        return t;
    });

    @Activate
    void activate(org.osgi.framework.BundleContext context) {
        catalog.onChange(onCatalogChange);
        shipped = new org.osgi.util.tracker.BundleTracker<>(context, org.osgi.framework.Bundle.ACTIVE, new org.osgi.util.tracker.BundleTrackerCustomizer<>() {
            @Override public List<Path> addingBundle(org.osgi.framework.Bundle bundle, org.osgi.framework.BundleEvent event) {
                String folder = bundle.getHeaders("").get(PIPELINES_HEADER);
                return folder == null ? null : readShipped(bundle, folder.trim());
            }

            @Override public void modifiedBundle(org.osgi.framework.Bundle bundle, org.osgi.framework.BundleEvent event, List<Path> keys) { }

            @Override public void removedBundle(org.osgi.framework.Bundle bundle, org.osgi.framework.BundleEvent event, List<Path> keys) {
                synchronized (PipelineRegistryImpl.this) {
                    keys.forEach(system::remove);
                }
                recompute();
            }
        });
        shipped.open();
    }

    @Deactivate
    void deactivate() {
        shipped.close();
        catalog.removeOnChange(onCatalogChange);
        parser.shutdownNow();
    }

    /** The descriptors a bundle ships in {@code folder}, read into the system pipelines. */
    private List<Path> readShipped(org.osgi.framework.Bundle bundle, String folder) {
        List<Path> keys = new ArrayList<>();
        java.util.Enumeration<java.net.URL> found = bundle.findEntries(folder, "*.pipeline.y*ml", false);
        while (found != null && found.hasMoreElements()) {
            java.net.URL url = found.nextElement();
            Path key = java.nio.file.Paths.get("[" + bundle.getSymbolicName() + "]", url.getPath());
            Entry entry = new Entry(key);
            try (java.io.InputStream in = url.openStream()) {
                entry.spec = DescriptorParser.parse(key, DescriptorParser.decode(key, in.readNBytes((int) DescriptorParser.MAX_BYTES)));
            } catch (DescriptorException e) {
                entry.readProblems = e.problems();
            } catch (java.io.IOException e) {
                entry.readProblems = List.of(Problem.at(key, 0, null, "cannot be read from its bundle: " + e.getMessage()));
            }
            entry.loadedAt = Instant.now();
            keys.add(key);
            synchronized (this) {
                system.put(key, entry);
            }
        }
        if (!keys.isEmpty()) recompute();
        return keys;
    }

    @Override public boolean isSystem(String name) {
        return systemNames.contains(name);
    }

    @Override public Optional<Path> overrides(String name) {
        return Optional.ofNullable(overridden.get(name));
    }

    // --- FileInstall ------------------------------------------------------------------------

    @Override public boolean canHandle(File artifact) {
        return DescriptorParser.isDescriptor(artifact.getName());
    }

    @Override public void install(File artifact) { load(artifact.toPath()); }

    @Override public void update(File artifact) { load(artifact.toPath()); }

    @Override public void uninstall(File artifact) {
        synchronized (this) {
            files.remove(key(artifact.toPath()));
        }
        LOG.info(() -> "pipeline descriptor removed: " + artifact);
        recompute();
    }

    /** Reads (or re-reads) a descriptor file into the registry. */
    public void load(Path file) {
        Path key = key(file);
        PipelineSpec spec = null;
        List<Problem> problems = List.of();
        // parsed on a thread of its own with a time limit, so no file can hold up the watcher and the others
        java.util.concurrent.Future<PipelineSpec> parsing = parser.submit(() -> DescriptorParser.parse(key));
        try {
            spec = parsing.get(PARSE_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof DescriptorException d) problems = d.problems();
            else problems = List.of(Problem.at(key, 0, null, "cannot be read: " + JobImpl.describe(e.getCause())));
        } catch (java.util.concurrent.TimeoutException e) {
            parsing.cancel(true);
            problems = List.of(Problem.at(key, 0, null, "reading it took over " + PARSE_SECONDS + " s, so it was given up; simplify the file"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            Entry entry = files.computeIfAbsent(key, Entry::new);
            entry.spec = spec;
            entry.readProblems = problems;
            entry.loadedAt = Instant.now();
        }
        recompute();
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }

    // --- state --------------------------------------------------------------------------------

    private void recompute() {
        synchronized (this) {
            Map<String, PipelineInfo> next = new LinkedHashMap<>();
            for (Entry e : files.values()) {
                PipelineInfo info = evaluate(e, next);
                next.put(info.name(), info);
            }
            // the system pipelines a user's file of the same name does not override
            Map<String, Path> over = new java.util.HashMap<>();
            java.util.Set<String> shippedNames = new java.util.HashSet<>();
            for (Entry e : system.values()) {
                if (next.containsKey(e.name())) {
                    over.putIfAbsent(e.name(), e.file);
                    continue;
                }
                PipelineInfo info = evaluate(e, next);
                next.put(info.name(), info);
                shippedNames.add(info.name());
            }
            overridden = Map.copyOf(over);
            systemNames = java.util.Set.copyOf(shippedNames);
            snapshot = next;
            notifyAll();
        }
    }

    private PipelineInfo evaluate(Entry e, Map<String, PipelineInfo> earlier) {
        String name = e.name();
        List<Problem> problems = new ArrayList<>(e.readProblems);
        PipelineInfo clash = earlier.get(name);
        if (clash != null) {
            problems.add(Problem.at(e.file, 1, null, "the name '" + name + "' is already used by " + clash.file()
                    + "; give this pipeline another 'name:'"));
            return new PipelineInfo(name + " (" + e.file.getFileName() + ")", e.file, PipelineState.INVALID, e.spec, null,
                    List.of(), problems, e.loadedAt);
        }
        if (problems.isEmpty() && e.spec != null) {
            Resolver.Outcome o = Resolver.resolve(e.spec, catalog::element, catalog::check);
            if (o.pipeline() != null) {
                e.lastGood = e.spec;
                return new PipelineInfo(name, e.file, PipelineState.READY, e.spec, o.pipeline(), List.of(), List.of(), e.loadedAt);
            }
            if (!o.waitingFor().isEmpty()) {
                return new PipelineInfo(name, e.file, PipelineState.WAITING, e.spec, null, List.copyOf(o.waitingFor()),
                        suggestions(e.spec, o.waitingFor()), e.loadedAt);
            }
            problems.addAll(o.problems());
        }
        ResolvedPipeline fallback = null;
        if (e.lastGood != null && e.lastGood != e.spec) {
            fallback = Resolver.resolve(e.lastGood, catalog::element, catalog::check).pipeline();
        }
        return new PipelineInfo(name, e.file, PipelineState.INVALID, e.spec, fallback, List.of(), problems, e.loadedAt);
    }

    /** "did you mean 'linify'?" for each missing name that is one or two letters off an installed one. */
    private List<Problem> suggestions(PipelineSpec spec, java.util.Collection<String> missing) {
        List<Problem> out = new ArrayList<>();
        for (String name : missing) {
            catalog.closest(name).ifPresent(c -> {
                int line = java.util.stream.Stream.concat(spec.steps().stream(), spec.outputs().stream())
                        .filter(s -> s.name().equals(name)).mapToInt(dev.atelier.core.StepSpec::line).findFirst().orElse(0);
                out.add(new Problem(spec.sourceLabel(), line, null, "'" + name + "': did you mean '" + c + "'?"));
            });
        }
        return out;
    }

    // --- queries ------------------------------------------------------------------------------

    @Override public List<PipelineInfo> pipelines() {
        return List.copyOf(snapshot.values());
    }

    @Override public Optional<PipelineInfo> pipeline(String name) {
        return Optional.ofNullable(snapshot.get(name));
    }

    @Override public ResolvedPipeline check(Path descriptor) throws DescriptorException {
        if (!Files.isRegularFile(descriptor)) {
            throw new DescriptorException(Problem.at(descriptor, 0, null, "no such file"));
        }
        return require(DescriptorParser.parse(descriptor));
    }

    @Override public ResolvedPipeline chain(String chain) throws DescriptorException {
        return require(ChainParser.parse(chain));
    }

    private ResolvedPipeline require(PipelineSpec spec) throws DescriptorException {
        Resolver.Outcome o = Resolver.resolve(spec, catalog::element, catalog::check);
        if (o.pipeline() != null) return o.pipeline();
        if (!o.problems().isEmpty()) throw new DescriptorException(o.problems());
        List<Problem> hints = suggestions(spec, o.waitingFor());
        if (!hints.isEmpty()) throw new DescriptorException(hints, true);
        throw new DescriptorException(List.of(new Problem(spec.sourceLabel(), 0, null, "waiting for " + String.join(", ", o.waitingFor())
                + ": not installed (atelier:filters lists what is; drop the plugin's bundle into deploy/)")), true);
    }

    @Override public ResolvedPipeline active(String name, Duration wait) throws DescriptorException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (this) {
            while (true) {
                PipelineInfo info = snapshot.get(name);
                if (info != null && info.active() != null) return info.active();
                long left = deadline - System.nanoTime();
                if (left <= 0) throw notActive(name, info);
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw notActive(name, info);
                }
            }
        }
    }

    private DescriptorException notActive(String name, PipelineInfo info) {
        if (info == null) {
            String known = snapshot.isEmpty() ? "none is registered" : "known: " + String.join(", ", snapshot.keySet());
            return new DescriptorException(List.of(new Problem(name, 0, null, "no pipeline named '" + name + "' (" + known
                    + "); descriptors are read from the pipelines/ folder as NAME" + DescriptorParser.SUFFIX)), true);
        }
        if (info.state() == PipelineState.WAITING) {
            String hint = info.problems().isEmpty() ? "" : " (" + info.problems().get(0).message() + ")";
            return new DescriptorException(List.of(new Problem(info.file().toString(), 0, null, "pipeline '" + name + "' is waiting for "
                    + String.join(", ", info.waitingFor()) + ", which is not installed: drop its bundle into deploy/" + hint)), true);
        }
        return new DescriptorException(info.problems());
    }
}
