package dev.atelier.core.internal;

import dev.atelier.core.Job;
import dev.atelier.core.JobService;
import dev.atelier.core.ResolvedPipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import dev.atelier.core.ParameterInfo;
import dev.atelier.core.StuckStep;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Runs jobs on a pool of worker threads, one input per task, up to one task per core at a time. A
 * step that will not stop when asked loses its thread (listed by {@link #stuckSteps()}), and a fresh
 * worker takes its place. The configuration is checked key by key against its Metatype definition; a
 * bad value is reported and the last good configuration stays in force.
 */
@Component(configurationPid = JobServiceImpl.PID)
@Designate(ocd = JobServiceImpl.Config.class)
public class JobServiceImpl implements JobService, JobImpl.Abandonment {
    public static final String PID = "dev.atelier.core.jobs";
    private static final Logger LOG = Logger.getLogger(JobServiceImpl.class.getName());

    @ObjectClassDefinition(name = "Atelier jobs", description = "How jobs run; set in etc/" + PID + ".cfg")
    public @interface Config {
        @AttributeDefinition(min = "0", max = "1024", description = "Worker threads; 0 means one per CPU core")
        int threads() default 0;

        @AttributeDefinition(min = "0.001", max = "10000", description = "Largest image accepted, in megapixels; larger ones are refused before decoding")
        double max_megapixels() default 100;

        @AttributeDefinition(min = "1", max = "100000", description = "Finished jobs kept for atelier:jobs")
        int retained_jobs() default 50;

        @AttributeDefinition(min = "1", max = "3600", description = "Seconds a cancelled step may take to stop before its input is reported failed and its thread abandoned")
        int cancel_grace_seconds() default 5;

        @AttributeDefinition(description = "Colour that transparent pixels are laid over when an image is decoded, as #RRGGBB")
        String background() default "#FFFFFF";
    }

    record Settings(int threads, double maxMegapixels, int graceSeconds, int retained, int background) {
        int workers() { return threads > 0 ? threads : Runtime.getRuntime().availableProcessors(); }
    }

    private final AtomicLong ids = new AtomicLong();
    private final Deque<JobImpl> jobs = new ArrayDeque<>();
    private final List<StuckStep> stuck = new CopyOnWriteArrayList<>();
    private final Map<JobImpl.FileTask, StuckStep> stuckByTask = new ConcurrentHashMap<>();
    private WorkerPool workers;
    private ScheduledExecutorService watchdog;
    private volatile Settings settings;

    @Override public double maxMegapixels() {
        return settings.maxMegapixels();
    }
    private volatile List<String> configurationProblems = List.of();
    private List<ParameterInfo> definitions = List.of();
    private BundleContext context;
    private Path baseDirectory;
    private final BundleListener stuckBundleWatch = this::bundleChanged;

    @Reference
    CatalogImpl catalog;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        try {
            definitions = MetatypeReader.parameters(context.getBundle(), PID);
        } catch (Exception e) {
            LOG.warning("cannot read the jobs configuration's definition; values are taken unchecked: " + e);
        }
        settings = new Settings(0, 100, 5, 50, 0xFFFFFF);
        modified(properties);
        workers = new WorkerPool(settings.workers());
        watchdog = Executors.newSingleThreadScheduledExecutor(daemon("atelier-watchdog-"));
        String base = context.getProperty("atelier.workdir");
        baseDirectory = (base != null ? Paths.get(base) : Paths.get("")).toAbsolutePath().normalize();
        context.addBundleListener(stuckBundleWatch);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        List<String> problems = new ArrayList<>();
        Settings next = configure(properties, problems);
        configurationProblems = List.copyOf(problems);
        if (!problems.isEmpty()) {
            problems.forEach(p -> LOG.severe(p + (settings != null ? "; the last good configuration stays in force" : "")));
            return;
        }
        settings = next;
        if (workers != null) workers.resize(next.workers());
    }

    /** Every key of the configuration checked against its definition; the problems named with file, key and range. */
    private Settings configure(Map<String, Object> properties, List<String> problems) {
        Object fileProperty = properties.get("felix.fileinstall.filename");
        String file = fileProperty != null ? fileProperty.toString().replaceFirst("^file:", "") : "etc/" + PID + ".cfg";
        Map<String, Object> values = new HashMap<>();
        for (ParameterInfo p : definitions) {
            Object raw = properties.get(p.name());
            try {
                values.put(p.name(), raw == null ? Values.defaultValue(p) : Values.convert(raw, p));
            } catch (IllegalArgumentException e) {
                String range = p.range().isEmpty() ? "" : " (allowed: " + Values.typeWord(p) + ", " + p.range() + ")";
                problems.add(file + ": " + p.name() + " = '" + raw + "': " + e.getMessage() + range);
            }
        }
        int background = 0xFFFFFF;
        Object bg = values.get("background");
        if (bg instanceof String hex) {
            String h = hex.trim().startsWith("#") ? hex.trim().substring(1) : hex.trim();
            if (h.matches("[0-9A-Fa-f]{6}")) background = Integer.parseInt(h, 16);
            else problems.add(file + ": background = '" + hex + "': not a colour (allowed: #RRGGBB, e.g. #FFFFFF)");
        }
        for (String key : properties.keySet()) {
            if (!key.startsWith("service.") && !key.startsWith("component.") && !key.startsWith("felix.") && !key.startsWith("osgi.")
                    && definitions.stream().noneMatch(p -> p.name().equals(key))) {
                problems.add(file + ": unknown key '" + key + "'; the keys are "
                        + String.join(", ", definitions.stream().map(ParameterInfo::name).toList()));
            }
        }
        return new Settings(number(values, "threads", 0).intValue(), number(values, "max.megapixels", 100).doubleValue(),
                number(values, "cancel.grace.seconds", 5).intValue(), number(values, "retained.jobs", 50).intValue(), background);
    }

    private static Number number(Map<String, Object> values, String key, Number fallback) {
        return values.get(key) instanceof Number n ? n : fallback;
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(stuckBundleWatch);
        synchronized (jobs) {
            jobs.forEach(JobImpl::cancel);
        }
        workers.shutdownNow();
        watchdog.shutdownNow();
    }

    // --- abandoned workers -------------------------------------------------------------------------

    @Override public void abandoned(JobImpl.FileTask task, Thread thread) {
        String[] step = task.currentStep;
        StuckStep s = new StuckStep(task.job().id(), step != null ? step[0] : "a step", step != null ? step[1] : "?",
                step != null ? Long.parseLong(step[2]) : -1, task.input(), Instant.now(), thread.getName());
        stuckByTask.put(task, s);
        stuck.add(s);
        workers.abandon();
        LOG.warning("job " + s.job() + ": " + s.step() + " (bundle " + s.bundle() + ") on " + s.input().getFileName()
                + " ignored the request to stop; its thread " + s.thread() + " is abandoned and a new worker takes its place");
    }

    @Override public void returned(JobImpl.FileTask task, Thread thread) {
        StuckStep s = stuckByTask.remove(task);
        if (s == null) return;
        stuck.remove(s);
        workers.reclaim();
        LOG.info("job " + s.job() + ": the abandoned " + s.step() + " (bundle " + s.bundle() + ") on " + s.input().getFileName()
                + " ended after " + s.stuckFor().toSeconds() + " s; its thread " + s.thread() + " is back in the pool");
    }

    private void bundleChanged(BundleEvent event) {
        if (event.getType() != BundleEvent.UNINSTALLED && event.getType() != BundleEvent.UPDATED && event.getType() != BundleEvent.STOPPED) return;
        String what = event.getType() == BundleEvent.UNINSTALLED ? "removed" : event.getType() == BundleEvent.UPDATED ? "updated" : "stopped";
        for (StuckStep s : stuck) {
            if (s.bundleId() == event.getBundle().getBundleId()) {
                LOG.warning("bundle " + s.bundle() + " was " + what + " while its " + s.step() + " on " + s.input().getFileName()
                        + " is still stuck (for " + s.stuckFor().toSeconds() + " s, thread " + s.thread()
                        + "); the JVM cannot stop that thread, and the old bundle's classes stay loaded until it ends");
            }
        }
    }

    @Override public List<StuckStep> stuckSteps() {
        return List.copyOf(stuck);
    }

    @Override public List<String> configurationProblems() {
        return configurationProblems;
    }

    @Override public int workers() {
        return workers.width();
    }

    @Override public Job submit(ResolvedPipeline pipeline, List<Path> inputs) {
        return submit(pipeline, inputs, baseDirectory);
    }

    @Override public Job submit(ResolvedPipeline pipeline, List<Path> inputs, Path workDirectory) {
        Path base = workDirectory.toAbsolutePath().normalize();
        List<Path> files = expand(inputs, base);
        refuseCollisions(pipeline, files, base);
        JobImpl job = new JobImpl(ids.incrementAndGet(), pipeline, files, base, settings, catalog, context, watchdog, this);
        synchronized (jobs) {
            jobs.addFirst(job);
            while (jobs.size() > settings.retained()) {
                if (!jobs.peekLast().state().isDone()) break;
                jobs.removeLast();
            }
        }
        job.start(workers);
        return job;
    }

    /** Two inputs that one output would write to the same file: refused before anything runs, naming both. */
    private void refuseCollisions(ResolvedPipeline pipeline, List<Path> files, Path base) {
        List<dev.atelier.api.ImageSource> sources = new ArrayList<>();
        for (Path input : files) {
            String name = input.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String ext = dot > 0 ? name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT) : "";
            sources.add(new dev.atelier.api.ImageSource(input, dot > 0 ? name.substring(0, dot) : name,
                    ext.equals("jpg") ? "jpeg" : ext.equals("tif") ? "tiff" : ext, 0, 0, null));
        }
        for (ResolvedPipeline.Step out : pipeline.outputs()) {
            Map<Path, Path> written = new HashMap<>();
            List<Path> targets = catalog.targets(out.element(), out.values(), sources, pipeline.name(), base);
            for (int i = 0; i < files.size(); i++) {
                Path input = files.get(i), target = targets.get(i);
                if (target == null) continue;
                Path earlier = written.putIfAbsent(target.toAbsolutePath().normalize(), input);
                if (earlier != null) {
                    throw new IllegalArgumentException("inputs " + earlier + " and " + input + " would both be written to " + target
                            + " by output " + out.spec().label() + "; one would replace the other. Put {format} in the path "
                            + "(out/{input}-{format}.png), or run them separately");
                }
            }
        }
    }

    private List<Path> expand(List<Path> inputs, Path base) {
        if (inputs.isEmpty()) throw new IllegalArgumentException("no input given: name image files or folders");
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            Path abs = base.resolve(p).normalize();
            if (Files.isDirectory(abs)) {
                try (Stream<Path> s = Files.list(abs)) {
                    List<Path> images = s.filter(Files::isRegularFile).filter(ImageDecoder::looksLikeImage).sorted().toList();
                    if (images.isEmpty()) {
                        throw new IllegalArgumentException("folder " + p + " holds no image (" + String.join(", ", dev.atelier.core.ImageFiles.EXTENSIONS) + ")");
                    }
                    files.addAll(images);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list folder " + p + ": " + e.getMessage(), e);
                }
            } else if (Files.exists(abs)) {
                files.add(abs);
            } else {
                throw new IllegalArgumentException("input " + p + " does not exist (looked at " + abs + ")");
            }
        }
        return files;
    }

    @Override public List<Job> jobs() {
        synchronized (jobs) {
            return List.copyOf(jobs);
        }
    }

    @Override public Optional<Job> job(long id) {
        return jobs().stream().filter(j -> j.id() == id).findFirst();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
