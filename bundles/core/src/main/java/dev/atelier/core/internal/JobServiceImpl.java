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
import java.util.concurrent.ExecutorService;
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

/** Runs jobs on a pool of worker threads, one input per task, up to one task per core at a time. */
@Component(configurationPid = JobServiceImpl.PID)
@Designate(ocd = JobServiceImpl.Config.class)
public class JobServiceImpl implements JobService {
    public static final String PID = "dev.atelier.core.jobs";

    @ObjectClassDefinition(name = "Atelier jobs", description = "How jobs run; set in etc/" + PID + ".cfg")
    public @interface Config {
        @AttributeDefinition(min = "0", description = "Worker threads; 0 means one per CPU core")
        int threads() default 0;

        @AttributeDefinition(min = "0.001", description = "Largest image accepted, in megapixels; larger ones are refused before decoding")
        double max_megapixels() default 100;

        @AttributeDefinition(min = "1", description = "Finished jobs kept for atelier:jobs")
        int retained_jobs() default 50;

        @AttributeDefinition(min = "1", description = "Seconds a cancelled step may take to stop before its input is reported failed")
        int cancel_grace_seconds() default 5;
    }

    record Settings(double maxMegapixels, int graceSeconds, int retained) { }

    private final AtomicLong ids = new AtomicLong();
    private final Deque<JobImpl> jobs = new ArrayDeque<>();
    private ExecutorService workers;
    private ScheduledExecutorService watchdog;
    private volatile Settings settings;
    private BundleContext context;
    private Path baseDirectory;

    @Reference
    CatalogImpl catalog;

    @Activate
    void activate(BundleContext context, Config config) {
        this.context = context;
        int threads = config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors();
        workers = Executors.newFixedThreadPool(threads, daemon("atelier-worker-"));
        watchdog = Executors.newSingleThreadScheduledExecutor(daemon("atelier-watchdog-"));
        String base = context.getProperty("atelier.workdir");
        baseDirectory = (base != null ? Paths.get(base) : Paths.get("")).toAbsolutePath().normalize();
        modified(config);
    }

    @Modified
    void modified(Config config) {
        settings = new Settings(config.max_megapixels(), config.cancel_grace_seconds(), config.retained_jobs());
    }

    @Deactivate
    void deactivate() {
        synchronized (jobs) {
            jobs.forEach(JobImpl::cancel);
        }
        workers.shutdownNow();
        watchdog.shutdownNow();
    }

    @Override public Job submit(ResolvedPipeline pipeline, List<Path> inputs) {
        List<Path> files = expand(inputs);
        JobImpl job = new JobImpl(ids.incrementAndGet(), pipeline, files, baseDirectory, settings, catalog, context, watchdog);
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

    private List<Path> expand(List<Path> inputs) {
        if (inputs.isEmpty()) throw new IllegalArgumentException("no input given: name image files or folders");
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            Path abs = baseDirectory.resolve(p).normalize();
            if (Files.isDirectory(abs)) {
                try (Stream<Path> s = Files.list(abs)) {
                    List<Path> images = s.filter(Files::isRegularFile).filter(ImageDecoder::looksLikeImage).sorted().toList();
                    if (images.isEmpty()) {
                        throw new IllegalArgumentException("folder " + p + " holds no image (" + String.join(", ", ImageDecoder.EXTENSIONS) + ")");
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
