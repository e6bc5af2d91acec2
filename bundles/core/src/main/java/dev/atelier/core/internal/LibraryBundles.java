package dev.atelier.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Installs the bundles in the {@code lib/} folder beside {@code atelier.jar} (or the folder the framework
 * property {@code atelier.lib} names) by reference: the framework reads them where they are instead of
 * copying them into its cache. The runnable jar embeds every other bundle; these are the big ones (the
 * 146 MB Deeplearning4j library and the plugin that needs it), whose copy into each run's fresh cache cost
 * about 150 ms of every start (docs/benchmarks.md). Reading, resolving and starting them still took about
 * 340 ms of a 1.6 s start on a 2-core VM, so it runs on a thread of its own (one per set), begun by the core
 * bundle's activator, beside the rest of the start, and front ends {@linkplain dev.atelier.core.Libraries#await
 * wait} for it before they call the host ready. The same way it installs the interactive shell's set from
 * {@code interactive/} beside {@code lib/} when the host starts with a prompt (no {@code --nointeractive} in
 * {@code gosh.args}), and the sets named by {@code atelier.lib.extra} (the Studio's).
 */
@Component(immediate = true, service = dev.atelier.core.Libraries.class)
public class LibraryBundles implements dev.atelier.core.Libraries {
    private static final Logger LOG = Logger.getLogger(LibraryBundles.class.getName());
    /** The start level of the host's bundles; the launcher starts the framework at it in batch runs. */
    private static final int HOST_LEVEL = 1;
    private static final String INTERACTIVE = "interactive";
    private volatile java.util.concurrent.CountDownLatch done;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        done = Start.done;
    }

    /**
     * Starts the lib/ and optional sets' installs as the core bundle starts (its activator), before SCR (a later
     * bundle in the launcher's order) has activated any component: on two cores the Studio's set, whose Jetty
     * the host waits for, then begins about 0.2 s sooner than from this component's activation.
     */
    @org.osgi.annotation.bundle.Header(name = org.osgi.framework.Constants.BUNDLE_ACTIVATOR, value = "${@class}")
    public static final class Start implements org.osgi.framework.BundleActivator {
        static volatile java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(0);

        @Override public void start(BundleContext context) {
            Map<Path, Integer> folders = new LinkedHashMap<>();
            Path lib = folder(context);
            if (lib != null && Files.isDirectory(lib)) folders.put(lib, HOST_LEVEL);
            // the interactive shell's set (Felix's JLine shell, JLine, Jansi, Atelier's profile), unless no prompt
            // is wanted: one start level after the host, so its profile finds Atelier's commands registered
            String gosh = context.getProperty("gosh.args");
            if (gosh == null || !gosh.contains("--nointeractive")) {
                Path shell = setFolder(context, INTERACTIVE);
                // (not known where the host was not started from a jar, as in the in-framework tests: nothing to install)
                if (shell != null && Files.isDirectory(shell)) folders.put(shell, HOST_LEVEL + 1);
                else if (shell != null) LOG.warning("no interactive shell: " + shell + " is missing (the folder beside atelier.jar"
                        + " that holds Felix's JLine shell); rebuild with ./atelier build, or copy that folder with the jar");
            }
            // optional sets installed on demand, e.g. the Studio's (./atelier studio): folders, comma-separated
            String extra = context.getProperty("atelier.lib.extra");
            if (extra != null) {
                for (String f : extra.split(",")) {
                    if (f.isBlank()) continue;
                    Path p = Path.of(f.trim());
                    if (Files.isDirectory(p)) folders.putIfAbsent(p, HOST_LEVEL); else LOG.warning("atelier.lib.extra: no folder " + p + "; rebuild with ./atelier build");
                }
            }
            java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(folders.size());
            done = latch;
            // a thread per set: the Studio's does not wait behind the 146 MB library
            folders.forEach((folder, level) -> {
                Thread t = new Thread(() -> {
                    try {
                        install(context, folder, level);
                    } finally {
                        latch.countDown();
                    }
                }, "atelier-library-bundles-" + folder.getFileName());
                t.setDaemon(true);
                t.start();
            });
        }

        @Override public void stop(BundleContext context) { }
    }

    @Override public boolean await(long timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException {
        return done.await(timeout, unit);
    }

    private BundleContext context;

    @Override public List<String> installSet(String name) {
        if (!name.matches("[a-z][a-z0-9-]*")) throw new IllegalArgumentException("no bundle set named '" + name + "'");
        Path set = setFolder(context, name);
        if (set == null || !Files.isDirectory(set)) {
            throw new IllegalArgumentException("no " + name + "/ folder beside atelier.jar" + (set == null ? "" : " (" + set + ")")
                    + "; build it with ./atelier build");
        }
        return install(context, set, HOST_LEVEL);
    }

    @Override public boolean isInstalled(String name) {
        Path set = setFolder(context, name);
        if (set == null) return false;
        String prefix = "reference:" + set.toAbsolutePath().toUri();
        for (Bundle b : context.getBundles()) if (b.getLocation().startsWith(prefix)) return true;
        return false;
    }

    /** A set's folder: the framework property {@code atelier.NAME.bundles}, else NAME/ beside lib/; null when neither is known. */
    private static Path setFolder(BundleContext context, String name) {
        String configured = context.getProperty("atelier." + name + ".bundles");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        Path lib = folder(context);
        return lib == null ? null : lib.resolveSibling(name);
    }

    /** Installs the folder's jars and starts them at {@code level}; returns a line for each that did not (also logged). */
    private static List<String> install(BundleContext context, Path lib, int level) {
        List<String> problems = new ArrayList<>();
        List<Bundle> installed = new ArrayList<>();
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                String location = "reference:" + jar.toAbsolutePath().toUri();
                try {
                    Bundle b = context.getBundle(location);
                    installed.add(b != null ? b : context.installBundle(location));
                } catch (IllegalStateException stopping) {
                    return problems; // the host stopped while this thread installed: nothing to report
                } catch (BundleException | RuntimeException e) {
                    problems.add(jar + ": not installed: " + e.getMessage() + "; rebuild with ./atelier build");
                    LOG.warning(problems.get(problems.size() - 1));
                }
            }
        } catch (IOException e) {
            problems.add(lib + ": cannot list the library bundles: " + e.getMessage());
            LOG.warning(problems.get(problems.size() - 1));
        }
        for (Bundle b : installed) {
            try {
                // the host's start level (or the shell's, one later), so they start with the host rather than at the level of later installs
                b.adapt(org.osgi.framework.startlevel.BundleStartLevel.class).setStartLevel(level);
                if (b.getHeaders().get("Fragment-Host") == null) b.start();
            } catch (IllegalStateException stopping) {
                return problems;
            } catch (BundleException | RuntimeException e) {
                problems.add(b.getLocation() + ": did not start: " + e.getMessage());
                LOG.warning(problems.get(problems.size() - 1));
            }
        }
        return problems;
    }

    /** {@code atelier.lib}, else {@code lib/} beside the jar the JVM was started with ({@code java -jar atelier.jar}). */
    static Path folder(BundleContext context) {
        String configured = context.getProperty("atelier.lib");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.endsWith(".jar") || classPath.contains(java.io.File.pathSeparator)) return null;
        Path parent = Path.of(classPath).toAbsolutePath().getParent();
        return parent == null ? null : parent.resolve("lib");
    }
}
