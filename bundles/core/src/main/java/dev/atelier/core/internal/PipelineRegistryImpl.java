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
 *
 * <p>The re-checks run on a thread of the registry's own ("atelier-pipelines"), one after another, with
 * requests that arrive meanwhile folded into one: a plugin registering its service (on the framework's or
 * SCR's thread, at start on the launcher's) never waits for the plugins' own parameter checks or for the
 * bundled descriptors to be read. Readers wait for the pending re-check (bounded), so what they see is as
 * fresh as before.
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

    /** How long a reader waits for a pending re-check before it takes the state as it is. */
    static final Duration READ_WAIT = Duration.ofSeconds(CatalogImpl.CHECK_SECONDS + 1);

    private volatile Thread workerThread;
    private final java.util.concurrent.ExecutorService worker = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "atelier-pipelines");
        t.setDaemon(true);
        workerThread = t;
        return t;
    });
    /** Guards the counts of tasks given to the worker and done by it; never held while a task runs. */
    private final Object pending = new Object();
    private long queued, done;
    private boolean recomputeQueued, closed;

    @Reference
    CatalogImpl catalog;

    @Reference
    dev.atelier.core.Libraries libraries;

    static final long PARSE_SECONDS = 10;
    private final java.util.concurrent.ExecutorService parser = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "atelier-descriptor-reader");
        t.setDaemon(true);
        return t;
    });

    @Activate
    void activate(org.osgi.framework.BundleContext context) {
        levels = context.getBundle(0).adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class);
        try {
            beginning = Integer.parseInt(String.valueOf(context.getProperty("org.osgi.framework.startlevel.beginning")).trim());
        } catch (NumberFormatException e) {
            beginning = 1;
        }
        catalog.onChange(onCatalogChange);
        shipped = new org.osgi.util.tracker.BundleTracker<>(context, org.osgi.framework.Bundle.ACTIVE, new org.osgi.util.tracker.BundleTrackerCustomizer<>() {
            @Override public List<Path> addingBundle(org.osgi.framework.Bundle bundle, org.osgi.framework.BundleEvent event) {
                String folder = bundle.getHeaders("").get(PIPELINES_HEADER);
                return folder == null ? null : readShipped(bundle, folder.trim());
            }

            @Override public void modifiedBundle(org.osgi.framework.Bundle bundle, org.osgi.framework.BundleEvent event, List<Path> keys) { }

            @Override public void removedBundle(org.osgi.framework.Bundle bundle, org.osgi.framework.BundleEvent event, List<Path> keys) {
                // on the worker, after the task that read them, so a bundle that comes and goes leaves nothing behind
                submit(() -> {
                    synchronized (PipelineRegistryImpl.this) {
                        keys.forEach(system::remove);
                    }
                    recompute();
                });
            }
        });
        shipped.open();
    }

    @Deactivate
    void deactivate() {
        shipped.close();
        catalog.removeOnChange(onCatalogChange);
        parser.shutdownNow();
        worker.shutdownNow();
        synchronized (pending) {
            closed = true;
            pending.notifyAll();
        }
    }

    /**
     * The descriptors a bundle ships in {@code folder}: their locations now (the tracker keeps them for the
     * bundle's removal), read into the system pipelines on the worker.
     */
    private List<Path> readShipped(org.osgi.framework.Bundle bundle, String folder) {
        Map<Path, java.net.URL> found = new LinkedHashMap<>();
        java.util.Enumeration<java.net.URL> entries = bundle.findEntries(folder, "*.pipeline.y*ml", false);
        while (entries != null && entries.hasMoreElements()) {
            java.net.URL url = entries.nextElement();
            found.put(java.nio.file.Paths.get("[" + bundle.getSymbolicName() + "]", url.getPath()), url);
        }
        if (found.isEmpty()) return List.of();
        submit(() -> {
            for (Map.Entry<Path, java.net.URL> f : found.entrySet()) {
                Path key = f.getKey();
                Entry entry = new Entry(key);
                try (java.io.InputStream in = f.getValue().openStream()) {
                    entry.spec = DescriptorParser.parse(key, DescriptorParser.decode(key, in.readNBytes((int) DescriptorParser.MAX_BYTES)));
                } catch (DescriptorException e) {
                    entry.readProblems = e.problems();
                } catch (java.io.IOException | IllegalStateException e) {
                    entry.readProblems = List.of(Problem.at(key, 0, null, "cannot be read from its bundle: " + e.getMessage()));
                }
                entry.loadedAt = Instant.now();
                synchronized (this) {
                    system.put(key, entry);
                }
            }
            recompute();
        });
        return List.copyOf(found.keySet());
    }

    // --- the worker ---------------------------------------------------------------------------

    private org.osgi.framework.startlevel.FrameworkStartLevel levels;
    private int beginning;
    /** Set once a reader has waited for the pipelines: from then on the worker no longer holds back for the start. */
    private volatile boolean demanded;
    /** How long the worker holds back at most for the host's start. */
    static final long START_GATE_SECONDS = 60;

    /**
     * While the host starts, the worker waits until the framework has reached its beginning start level and the
     * library bundles (lib/, the Studio's) are in, or a reader asks: every plugin that registers during the start
     * asks for a re-check, and on two cores the checks then took CPU from the start itself (the Studio's Jetty,
     * which the host waits for). One re-check after the start does the work of them all.
     */
    private void holdBackForTheStart() {
        if (started) return; // once: a framework that stops lowers its start level again
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(START_GATE_SECONDS);
        try {
            while (!demanded && System.nanoTime() < deadline) {
                if (libraries.await(20, java.util.concurrent.TimeUnit.MILLISECONDS) && levels.getStartLevel() >= beginning) break;
                if (libraries.await(0, java.util.concurrent.TimeUnit.MILLISECONDS)) Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        started = true;
    }

    /** Only the worker reads and writes it. */
    private boolean started;

    /** Runs a task on the worker after those given before it; {@link #awaitSettled} waits for it. */
    private void submit(Runnable task) {
        synchronized (pending) {
            if (closed) return;
            queued++;
        }
        try {
            worker.execute(() -> {
                try {
                    holdBackForTheStart();
                    task.run();
                } catch (RuntimeException | LinkageError e) {
                    LOG.log(java.util.logging.Level.WARNING, "re-checking the pipelines failed", e);
                } finally {
                    synchronized (pending) {
                        done++;
                        pending.notifyAll();
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            synchronized (pending) { // deactivated meanwhile
                queued--;
                pending.notifyAll();
            }
        }
    }

    @Override public boolean awaitSettled(Duration max) throws InterruptedException {
        if (Thread.currentThread() == workerThread) return true;
        demanded = true;
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (pending) {
            while (done < queued && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                pending.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** {@link #awaitSettled} for readers, which take the state as it is when waiting fails. */
    private void settleForReader() {
        try {
            awaitSettled(READ_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override public boolean isSystem(String name) {
        settleForReader();
        return systemNames.contains(name);
    }

    @Override public Optional<Path> overrides(String name) {
        settleForReader();
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

    /** Asks the worker to re-check every pipeline; a request made while one waits to start is that one. */
    private void recompute() {
        synchronized (pending) {
            if (recomputeQueued) return;
            recomputeQueued = true;
        }
        submit(() -> {
            synchronized (pending) {
                recomputeQueued = false;
            }
            recomputeNow();
        });
    }

    private void recomputeNow() {
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
        settleForReader();
        return List.copyOf(snapshot.values());
    }

    @Override public Optional<PipelineInfo> pipeline(String name) {
        settleForReader();
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
