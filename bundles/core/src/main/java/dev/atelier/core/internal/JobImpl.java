package dev.atelier.core.internal;

import dev.atelier.api.Filter;
import dev.atelier.api.ImageSource;
import dev.atelier.api.Payload;
import dev.atelier.api.Raster;
import dev.atelier.api.Sink;
import dev.atelier.core.Job;
import dev.atelier.core.JobState;
import dev.atelier.core.ResolvedPipeline;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * One job: a pipeline over a list of inputs, one task per input on the shared worker pool. A task
 * decodes its input, runs the steps, then the outputs. Whatever happens (a filter throws, the job is
 * cancelled, a plugin bundle is stopped mid-step and its filter ignores the news), every task ends
 * with a result: a step that does not stop within the grace period after being asked is abandoned
 * and its input reported failed, so a job never hangs.
 */
final class JobImpl implements Job {
    private final long id;
    private final ResolvedPipeline pipeline;
    private final List<Path> inputs;
    private final Path baseDirectory;
    private final JobServiceImpl.Settings settings;
    private final CatalogImpl catalog;
    private final BundleContext context;
    private final ScheduledExecutorService watchdog;
    private final Abandonment abandonment;
    private final Instant started = Instant.now();
    private final List<FileTask> tasks = new ArrayList<>();
    private final List<FileResult> results = new CopyOnWriteArrayList<>();
    private final Map<String, Duration> stepTimes = Collections.synchronizedMap(new LinkedHashMap<>());
    private final CountDownLatch finished;
    private final AtomicInteger failed = new AtomicInteger();
    private volatile boolean cancelled;
    private volatile JobState state = JobState.QUEUED;

    JobImpl(long id, ResolvedPipeline pipeline, List<Path> inputs, Path baseDirectory, JobServiceImpl.Settings settings,
            CatalogImpl catalog, BundleContext context, ScheduledExecutorService watchdog, Abandonment abandonment) {
        this.id = id;
        this.pipeline = pipeline;
        this.inputs = List.copyOf(inputs);
        this.baseDirectory = baseDirectory;
        this.settings = settings;
        this.catalog = catalog;
        this.context = context;
        this.watchdog = watchdog;
        this.abandonment = abandonment;
        this.finished = new CountDownLatch(inputs.size());
    }

    /** What the job service does with a worker whose step would not stop. */
    interface Abandonment {
        /** The task's thread is stuck in a step: list it and put a fresh worker in its place. */
        void abandoned(FileTask task, Thread thread);

        /** An abandoned thread came back from the step. */
        void returned(FileTask task, Thread thread);
    }

    void start(WorkerPool workers) {
        for (Path input : inputs) tasks.add(new FileTask(input));
        for (FileTask t : tasks) {
            try {
                t.future = workers.submit(t::run);
            } catch (RejectedExecutionException e) {
                t.finish(false, "the host is shutting down; the job was not started", Map.of());
            }
        }
    }

    // --- Job ----------------------------------------------------------------------------------

    @Override public long id() { return id; }
    @Override public String pipeline() { return pipeline.name(); }
    @Override public JobState state() { return state; }
    @Override public Instant started() { return started; }
    @Override public int total() { return inputs.size(); }
    @Override public int done() { return results.size(); }
    @Override public int failed() { return failed.get(); }
    @Override public List<FileResult> results() { return List.copyOf(results); }

    @Override public Map<String, Duration> stepTimes() {
        // in the pipeline's order, whichever input finished first (one that failed early has fewer steps)
        List<String> order = new ArrayList<>(List.of("decode"));
        for (ResolvedPipeline.Step s : pipeline.steps()) order.add(s.spec().label());
        for (ResolvedPipeline.Step s : pipeline.outputs()) order.add(s.spec().label() + " output");
        Map<String, Duration> out = new LinkedHashMap<>();
        synchronized (stepTimes) {
            for (String k : order) if (stepTimes.containsKey(k)) out.put(k, stepTimes.get(k));
            stepTimes.forEach(out::putIfAbsent);
        }
        return out;
    }

    @Override public String description() {
        if (!pipeline.spec().chain()) return pipeline.name();
        StringBuilder b = new StringBuilder();
        for (ResolvedPipeline.Step s : concat(pipeline.steps(), pipeline.outputs())) {
            if (b.length() > 0) b.append(" ! ");
            b.append(s.spec().name());
            s.spec().params().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        }
        return b.toString();
    }

    private static List<ResolvedPipeline.Step> concat(List<ResolvedPipeline.Step> a, List<ResolvedPipeline.Step> b) {
        List<ResolvedPipeline.Step> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Override public double progress() {
        if (inputs.isEmpty()) return 1;
        double sum = 0;
        for (FileTask t : tasks) sum += t.done.get() ? 1 : t.progress;
        return sum / inputs.size();
    }

    @Override public void cancel() {
        cancelled = true;
        for (FileTask t : tasks) t.stop("job " + id + " was cancelled");
    }

    @Override public boolean await(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    Path baseDirectory() { return baseDirectory; }

    ResolvedPipeline resolved() { return pipeline; }

    private void taskFinished(FileResult r) {
        results.add(r);
        if (!r.ok()) failed.incrementAndGet();
        synchronized (stepTimes) {
            r.stepTimes().forEach((k, v) -> stepTimes.merge(k, v, Duration::plus));
        }
        if (results.size() == inputs.size()) {
            state = cancelled ? JobState.CANCELLED : failed.get() > 0 ? JobState.FAILED : JobState.SUCCEEDED;
        }
        finished.countDown();
    }

    // --- one input ------------------------------------------------------------------------------

    /** The work on one input file. */
    final class FileTask {
        final Path input;
        volatile double progress;
        volatile Future<?> future;
        private volatile String stopReason;
        private volatile Thread thread;
        private volatile ImageSource source;
        /** The step running now (label, bundle, bundle id), or null between steps. */
        volatile String[] currentStep;
        private volatile boolean abandoned;
        private final AtomicBoolean done = new AtomicBoolean();
        private final Map<String, Object> attachments = new ConcurrentHashMap<>();
        private final List<String> log = new CopyOnWriteArrayList<>();

        FileTask(Path input) {
            this.input = input;
        }

        JobImpl job() { return JobImpl.this; }
        ImageSource source() { return source; }
        Map<String, Object> attachments() { return attachments; }
        String stopReason() { return stopReason; }
        Path input() { return input; }
        void log(String line) { log.add(line); }

        /** Asks the task to stop; if it has not ended within the grace period, it is ended for it. */
        void stop(String reason) {
            if (done.get()) return;
            if (stopReason == null) stopReason = reason;
            Future<?> f = future;
            if (thread == null && f != null && f.cancel(false)) {
                finish(false, "cancelled before it started: " + reason, Map.of());
                return;
            }
            Thread t = thread;
            if (t != null) t.interrupt();
            try {
                watchdog.schedule(this::giveUp, settings.graceSeconds(), TimeUnit.SECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // the job service is stopping (a Ctrl-C that also stops the host, as the Spark driver's does): its
                // watchdog is shut down and its workers interrupted, so there is nothing left to watch over, and the
                // cancel must not end in a stack trace (LocalSparkTest caught this race)
            }
        }

        /** The grace period after a stop request is over: a task still in a step loses its thread. */
        private synchronized void giveUp() {
            if (done.get()) return;
            Thread t = thread;
            String[] step = currentStep;
            if (t == null) {
                // never started (the stop came while it was being queued), and now never will
                finish(false, "cancelled before it started: " + stopReason, Map.of());
                return;
            }
            String where = step != null ? step[0] + " (bundle " + step[1] + ")" : "its step";
            abandoned = true;
            abandonment.abandoned(this, t);
            finish(false, stopReason + "; " + where + " did not stop within " + settings.graceSeconds()
                    + " s, so its result is discarded and its thread abandoned (atelier:status lists it)", Map.of());
        }

        void run() {
            if (done.get()) return;
            thread = Thread.currentThread();
            state = cancelled ? state : JobState.RUNNING;
            Map<String, Duration> times = new LinkedHashMap<>();
            int stepsTotal = pipeline.steps().size() + pipeline.outputs().size() + 1;
            try {
                if (stopReason != null) throw new CancellationException(stopReason);
                long t0 = System.nanoTime();
                currentStep = new String[] {"decoding " + input.getFileName(), "dev.atelier.core", "-1", "decode"};
                List<String> notes = new ArrayList<>();
                Raster raster = ImageDecoder.decode(input, settings.maxMegapixels(), settings.background(), notes);
                notes.forEach(this::log);
                currentStep = null;
                source = raster.source();
                times.put("decode", Duration.ofNanos(System.nanoTime() - t0));
                Payload payload = raster;
                int stepNo = 1;
                for (ResolvedPipeline.Step step : pipeline.steps()) {
                    payload = runStep(step, payload, stepNo++, stepsTotal, times);
                }
                for (ResolvedPipeline.Step out : pipeline.outputs()) {
                    runStep(out, payload, stepNo++, stepsTotal, times);
                }
                finish(true, null, times);
            } catch (StepFailure e) {
                finish(false, e.getMessage(), times);
            } catch (CancellationException e) {
                finish(false, "cancelled: " + (stopReason != null ? stopReason : e.getMessage()), times);
            } catch (Throwable e) {
                // whatever a plugin throws (StackOverflowError, AssertionError, ...) fails this input, never the job
                finish(false, input.getFileName() + ": " + describe(e), times);
            } finally {
                synchronized (this) {
                    Thread me = Thread.currentThread();
                    thread = null;
                    currentStep = null;
                    if (abandoned) abandonment.returned(this, me);
                }
                Thread.interrupted();
            }
        }

        private Payload runStep(ResolvedPipeline.Step step, Payload in, int stepNo, int stepsTotal, Map<String, Duration> times) {
            if (stopReason != null) throw new CancellationException(stopReason);
            String name = step.element().name();
            boolean isSink = step.element().kind() == dev.atelier.core.ElementInfo.Kind.SINK;
            String label = (isSink ? "output " : "step ") + step.spec().label();
            CatalogImpl.Entry entry = catalog.entry(name).orElseThrow(() ->
                    new StepFailure(label + " on " + input.getFileName() + ": '" + name + "' is no longer installed"));
            ServiceReference<?> ref = entry.reference();
            String bundle = entry.info().bundle();
            Runnable departure = () -> stop("bundle " + bundle + " was stopped while " + label + " ran");
            catalog.onDeparture(ref, departure);
            Object service = null;
            long t0 = System.nanoTime();
            currentStep = new String[] {label, bundle, Long.toString(entry.info().bundleId()), name};
            try {
                service = context.getService(ref);
                if (service == null) throw new StepFailure(label + " on " + input.getFileName() + ": " + catalog.whyUnavailable(entry));
                StepContextImpl ctx = new StepContextImpl(this, step.values(),
                        f -> progress = (stepNo + f) / stepsTotal);
                Payload out = null;
                if (isSink) {
                    ((Sink) service).write(in, ctx);
                } else {
                    out = ((Filter) service).apply(in, ctx);
                    if (out == null) throw new StepFailure(label + " (bundle " + bundle + ") returned nothing for " + input.getFileName());
                    if (!out.type().equals(step.element().output())) {
                        throw new StepFailure(label + " (bundle " + bundle + ") returned a " + out.type() + " but declares " + step.element().output());
                    }
                }
                if (stopReason != null) throw new CancellationException(stopReason);
                progress = (double) (stepNo + 1) / stepsTotal;
                return out;
            } catch (StepFailure | CancellationException e) {
                throw e;
            } catch (InterruptedException e) {
                throw new CancellationException(stopReason != null ? stopReason : "interrupted");
            } catch (Throwable e) {
                if (stopReason != null) throw new CancellationException(stopReason);
                throw new StepFailure(label + " (bundle " + bundle + ") failed on " + input.getFileName() + ": " + describe(e));
            } finally {
                currentStep = null;
                times.put(step.spec().label() + (isSink ? " output" : ""), Duration.ofNanos(System.nanoTime() - t0));
                catalog.forgetDeparture(ref, departure);
                if (service != null) {
                    try {
                        context.ungetService(ref);
                    } catch (IllegalStateException ignored) {
                        // the framework or this bundle is stopping
                    }
                }
            }
        }

        void finish(boolean ok, String error, Map<String, Duration> times) {
            if (!done.compareAndSet(false, true)) return;
            taskFinished(new FileResult(input, ok, error, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(times)), List.copyOf(log)));
        }
    }

    /** A plugin's exception in words: its message (plugins word them for users), or for an Error its class too. */
    static String describe(Throwable e) {
        String m = e.getMessage();
        if (e instanceof OutOfMemoryError) return "out of memory (give the JVM more with -Xmx, or use smaller images)";
        if (e instanceof StackOverflowError) return "java.lang.StackOverflowError (the plugin recursed too deep)";
        if (m == null || m.isBlank()) return e.getClass().getName();
        return e instanceof Error ? e.getClass().getName() + ": " + m : m;
    }

    /** A failure already worded for the user. */
    static final class StepFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        StepFailure(String message) { super(message, null, false, false); }
    }
}
