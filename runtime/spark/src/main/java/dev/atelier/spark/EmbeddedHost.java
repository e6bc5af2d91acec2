package dev.atelier.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.util.tracker.ServiceTracker;

/**
 * One Atelier host inside this JVM, started from atelier.jar the way its own launcher starts it: the bundles
 * embedded in the jar (its {@code launcher.properties} names them, with their start levels and the framework
 * properties), then the library bundles from {@code lib/} beside it (DL4J and deblock), in a private
 * framework cache. Spark's classes stay outside the framework; the host is reached through its services
 * ({@code dev.atelier.core}), whose types belong to the core bundle, so they are called by reflection on the
 * interfaces that bundle exports.
 */
final class EmbeddedHost implements AutoCloseable {
    private static final Duration SERVICE_WAIT = Duration.ofSeconds(60);

    private final Framework framework;
    private final Path storage;
    private final Object registry;
    private final Object jobs;
    private final Class<?> registryType;
    private final Class<?> jobsType;
    private final Class<?> jobType;
    private final Class<?> pipelineType;

    private EmbeddedHost(Framework framework, Path storage, Object registry, Object jobs, Class<?> registryType, Class<?> jobsType,
                         Class<?> jobType, Class<?> pipelineType) {
        this.pipelineType = pipelineType;
        this.framework = framework;
        this.storage = storage;
        this.registry = registry;
        this.jobs = jobs;
        this.registryType = registryType;
        this.jobsType = jobsType;
        this.jobType = jobType;
    }

    /**
     * Starts a host.
     *
     * @param atelierJar the exported host (runtime/target/atelier.jar); its lib/ folder beside it holds the library bundles
     * @param home the host's home: its deploy/ bundles are installed, its pipelines/ registered
     * @param plugins bundle jars to install and start before the host counts as started (the driver's deploy/
     *                bundles, shipped to executors), so the first task already finds their filters
     */
    static EmbeddedHost start(Path atelierJar, Path home, List<Path> plugins) throws IOException {
        return start(atelierJar, atelierJar.toAbsolutePath().resolveSibling("lib"), home, plugins);
    }

    /** @param lib the library bundles' folder (DL4J, deblock): lib/ beside atelier.jar, or a copy Spark shipped */
    static EmbeddedHost start(Path atelierJar, Path lib, Path home, List<Path> plugins) throws IOException {
        if (!Files.isRegularFile(atelierJar)) {
            throw new IOException("atelier.jar not found at " + atelierJar + " on " + hostName()
                    + ": build it with ./atelier build, and on a cluster install Atelier at the same path on every worker");
        }
        for (String folder : List.of("etc", "deploy", "pipelines")) Files.createDirectories(home.resolve(folder));
        Path storage = Files.createTempDirectory("atelier-spark-cache");
        try (JarFile jar = new JarFile(atelierJar.toFile())) {
            Properties launcher = new Properties();
            JarEntry props = jar.getJarEntry("launcher.properties");
            if (props == null) throw new IOException(atelierJar + " is not an exported Atelier host (no launcher.properties)");
            try (InputStream in = jar.getInputStream(props)) {
                launcher.load(in);
            }
            Map<String, String> config = new HashMap<>();
            for (String key : launcher.stringPropertyNames()) {
                if (!key.startsWith("launch.")) config.put(key, launcher.getProperty(key));
            }
            config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
            config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
            config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "sun.misc");
            // as a batch run: level 1, so the interactive shell (level 2) never starts
            config.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "1");
            config.put("gosh.args", "--nointeractive");
            config.put("atelier.home", home.toString());
            config.put("atelier.workdir", home.toString());
            config.put("atelier.lib", lib.toAbsolutePath().toString());
                        // deploy/ is not watched: its bundles come as plugins, installed before the host counts as started
            config.put("felix.fileinstall.dir", home.resolve("etc") + "," + home.resolve("pipelines"));

            FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, EmbeddedHost.class.getClassLoader()).findFirst()
                    .orElseThrow(() -> new IOException("no OSGi framework on the class path (org.apache.felix.framework)"));
            Framework framework = factory.newFramework(config);
            try {
                framework.init();
                BundleContext context = framework.getBundleContext();
                Map<String, Integer> levels = startLevels(launcher.getProperty("launch.runbundles.attrs", ""));
                List<Bundle> installed = new ArrayList<>();
                for (String location : launcher.getProperty("launch.bundles", "").split(",")) {
                    if (location.isBlank()) continue;
                    JarEntry entry = jar.getJarEntry(location.trim());
                    if (entry == null) throw new IOException(atelierJar + ": launcher.properties names " + location + ", which the jar lacks");
                    try (InputStream in = jar.getInputStream(entry)) {
                        Bundle b = context.installBundle("atelier:" + location.trim(), in);
                        b.adapt(BundleStartLevel.class).setStartLevel(levels.getOrDefault(b.getSymbolicName(), 1));
                        installed.add(b);
                    }
                }
                framework.start();
                for (Bundle b : installed) {
                    if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) b.start();
                }
                framework.adapt(FrameworkStartLevel.class).setStartLevel(1);
                List<Bundle> added = new ArrayList<>();
                for (Path plugin : plugins) {
                    Bundle b = context.installBundle(plugin.toUri().toString());
                    b.adapt(BundleStartLevel.class).setStartLevel(1);
                    added.add(b);
                }
                for (Bundle b : added) {
                    if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) b.start();
                }

                Bundle core = installed.stream().filter(b -> "dev.atelier.core".equals(b.getSymbolicName())).findFirst()
                        .orElseThrow(() -> new IOException(atelierJar + " has no dev.atelier.core bundle"));
                Class<?> registryType = core.loadClass("dev.atelier.core.PipelineRegistry");
                Class<?> jobsType = core.loadClass("dev.atelier.core.JobService");
                Class<?> librariesType = core.loadClass("dev.atelier.core.Libraries");
                Object libraries = service(context, librariesType);
                // the library bundles (deblock) install on a thread of their own while the host starts
                librariesType.getMethod("await", long.class, TimeUnit.class).invoke(libraries, 120L, TimeUnit.SECONDS);
                return new EmbeddedHost(framework, storage, service(context, registryType), service(context, jobsType), registryType,
                        jobsType, core.loadClass("dev.atelier.core.Job"), core.loadClass("dev.atelier.core.ResolvedPipeline"));
            } catch (BundleException | ReflectiveOperationException | RuntimeException | IOException e) {
                stop(framework);
                deleteTree(storage);
                throw e instanceof IOException io ? io : new IOException("the embedded Atelier host did not start: " + cause(e), e);
            }
        }
    }

    /** {@code name;version="..";startlevel=2,...} to symbolic name -> start level. */
    static Map<String, Integer> startLevels(String attrs) {
        Map<String, Integer> levels = new HashMap<>();
        for (String clause : attrs.split(",(?=[^;,]+;)")) {
            String[] parts = clause.split(";");
            for (String p : parts) {
                String t = p.trim();
                if (t.startsWith("startlevel=")) levels.put(parts[0].trim(), Integer.parseInt(t.substring("startlevel=".length()).replace("\"", "")));
            }
        }
        return levels;
    }

    private static Object service(BundleContext context, Class<?> type) throws IOException {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, type.getName(), null);
        tracker.open(true);
        try {
            Object s = tracker.waitForService(SERVICE_WAIT.toMillis());
            if (s == null) throw new IOException("the host's " + type.getSimpleName() + " service did not come within " + SERVICE_WAIT.toSeconds() + " s");
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the host started", e);
        }
    }

    /**
     * A pipeline checked by the host, as the core's {@code ResolvedPipeline} (opaque here).
     *
     * @throws PipelineException with the host's own words (file, line, what to do) when it is not valid
     */
    Object resolve(PipelineSource source, Path scratch) throws PipelineException, IOException {
        return switch (source.kind()) {
            case NAME -> checked(source, "active", new Class<?>[] {String.class, Duration.class}, source.name(), Duration.ofSeconds(10));
            case CHAIN -> checked(source, "chain", new Class<?>[] {String.class}, source.text());
            case FILE -> {
                Files.createDirectories(scratch);
                Path file = scratch.resolve(source.fileName());
                Files.writeString(file, source.text());
                yield check(file, source);
            }
        };
    }

    /** A user's descriptor file checked where it lies, so the host's messages name it and its lines. */
    Object check(Path descriptor, PipelineSource source) throws PipelineException {
        return checked(source, "check", new Class<?>[] {Path.class}, descriptor);
    }

    /** A registry method that resolves a pipeline; what it refuses comes back in the host's words. */
    private Object checked(PipelineSource source, String method, Class<?>[] types, Object... args) throws PipelineException {
        try {
            return registryType.getMethod(method, types).invoke(registry, args);
        } catch (InvocationTargetException e) {
            throw new PipelineException(source, cause(e.getCause()));
        } catch (ReflectiveOperationException e) {
            throw mismatch(e);
        }
    }

    /** The descriptor file a registered pipeline was read from (a path inside [bundle] for a bundled one); empty when none is registered. */
    java.util.Optional<Path> registered(String name) {
        java.util.Optional<?> info = (java.util.Optional<?>) call(registry, registryType, "pipeline", new Class<?>[] {String.class}, name);
        if (info.isEmpty()) return java.util.Optional.empty();
        try {
            return java.util.Optional.of((Path) info.get().getClass().getMethod("file").invoke(info.get()));
        } catch (ReflectiveOperationException e) {
            throw mismatch(e);
        }
    }

    boolean isSystem(String name) {
        return (Boolean) call(registry, registryType, "isSystem", new Class<?>[] {String.class}, name);
    }

    /** The outputs of a resolved pipeline: each one's element name and its parameter values. */
    List<Map.Entry<String, Map<String, Object>>> outputs(Object pipeline) {
        List<Map.Entry<String, Map<String, Object>>> out = new ArrayList<>();
        try {
            for (Object step : (List<?>) pipeline.getClass().getMethod("outputs").invoke(pipeline)) {
                Object element = step.getClass().getMethod("element").invoke(step);
                String name = (String) element.getClass().getMethod("name").invoke(element);
                @SuppressWarnings("unchecked") Map<String, Object> values = (Map<String, Object>) step.getClass().getMethod("values").invoke(step);
                out.add(Map.entry(name, values));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** What became of one input: the core's {@code Job.FileResult} in plain types. */
    record Outcome(boolean ok, String step, String error, List<String> log) { }

    /**
     * Runs a resolved pipeline on one file, its relative output paths resolved against {@code workDirectory}.
     * An interrupt (Spark killing the task) cancels the job.
     */
    Outcome run(Object pipeline, Path input, Path workDirectory) throws InterruptedException {
        Object job;
        try {
            job = jobsType.getMethod("submit", pipelineType, List.class, Path.class).invoke(jobs, pipeline, List.of(input), workDirectory);
        } catch (InvocationTargetException e) {
            return new Outcome(false, "submit", cause(e.getCause()), List.of());
        } catch (ReflectiveOperationException e) {
            throw mismatch(e);
        }
        try {
            while (!(Boolean) call(job, jobType, "await", new Class<?>[] {Duration.class}, Duration.ofSeconds(1))) {
                if (Thread.currentThread().isInterrupted()) throw new InterruptedException();
            }
        } catch (InterruptedException | RuntimeException e) {
            call(job, jobType, "cancel", new Class<?>[0]);
            throw e;
        }
        List<?> results = (List<?>) call(job, jobType, "results", new Class<?>[0]);
        if (results.isEmpty()) return new Outcome(false, "decode", "the host returned no result", List.of());
        Object r = results.get(0);
        try {
            boolean ok = (Boolean) r.getClass().getMethod("ok").invoke(r);
            @SuppressWarnings("unchecked") List<String> log = (List<String>) r.getClass().getMethod("log").invoke(r);
            return new Outcome(ok, (String) r.getClass().getMethod("failedStep").invoke(r), (String) r.getClass().getMethod("error").invoke(r), log);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object call(Object target, Class<?> type, String method, Class<?>[] types, Object... args) {
        try {
            Method m = type.getMethod(method, types);
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", c);
            }
            if (c instanceof RuntimeException re) throw re;
            throw new IllegalStateException(cause(c), c);
        } catch (ReflectiveOperationException e) {
            throw mismatch(e);
        }
    }

    private static IllegalStateException mismatch(ReflectiveOperationException e) {
        return new IllegalStateException("this atelier.jar's core does not match the Spark application: " + e, e);
    }

    static String cause(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getName();
    }

    static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "this machine";
        }
    }

    @Override public void close() {
        stop(framework);
        deleteTree(storage);
    }

    private static void stop(Framework framework) {
        try {
            framework.stop();
            framework.waitForStop(30_000);
        } catch (BundleException | InterruptedException | RuntimeException ignored) {
            // the JVM is ending: what is left of the framework goes with it
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a file still open: the temp folder's cleaner gets it
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // as above
        }
    }
}
