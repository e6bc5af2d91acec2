package dev.atelier.shell.internal;

import dev.atelier.core.Catalog;
import dev.atelier.core.DescriptorException;
import dev.atelier.core.ElementInfo;
import dev.atelier.core.Job;
import dev.atelier.core.JobService;
import dev.atelier.core.JobState;
import dev.atelier.core.PipelineRegistry;
import dev.atelier.core.PipelineState;
import dev.atelier.core.ResolvedPipeline;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The batch form: {@code java -jar atelier.jar run PIPELINE INPUT...} runs and exits with a code a
 * script can test: 0 all inputs done, 1 some input failed, 2 the command or pipeline is wrong,
 * 3 cancelled.
 */
@Command(name = "atelier", mixinStandardHelpOptions = true, version = "Atelier 0.1",
        description = "Runs Atelier pipelines on images. Without a command it starts the Gogo shell.",
        subcommands = {BatchCommand.Run.class, BatchCommand.Validate.class, BatchCommand.Filters.class,
            BatchCommand.Inspect.class, BatchCommand.Pipelines.class, BatchCommand.Status.class, BatchCommand.Bench.class, BatchCommand.Exec.class, BatchCommand.Deployed.class})
final class BatchCommand implements Callable<Integer> {
    static final int OK = 0, FAILED = 1, USAGE = 2, CANCELLED = 3;

    final Catalog catalog;
    final PipelineRegistry registry;
    final JobService jobs;
    final PrintStream out = System.out;
    final PrintStream err = System.err;
    /** When the launcher handed over the main thread (all bundles active), for {@code status}. */
    volatile long readyAtMillis = System.currentTimeMillis();
    /** The process's CPU time (all threads, the JIT's too) at that moment, ms; -1 where the JVM does not tell. */
    volatile long readyCpuMillis = -1;

    final CommandProcessor processor;
    final dev.atelier.core.HostHealth health;

    BatchCommand(Catalog catalog, PipelineRegistry registry, JobService jobs, CommandProcessor processor, dev.atelier.core.HostHealth health) {
        this.health = health;
        this.processor = processor;
        this.catalog = catalog;
        this.registry = registry;
        this.jobs = jobs;
    }

    @Override public Integer call() {
        new CommandLine(this).usage(out);
        return USAGE;
    }

    int execute(String... args) {
        CommandLine cl = new CommandLine(this);
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            err.println("atelier: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            return ex instanceof DescriptorException || ex instanceof IllegalArgumentException ? USAGE : FAILED;
        });
        cl.setExitCodeExceptionMapper(ex -> USAGE);
        return cl.execute(args);
    }

    /** Waits until the plugins and descriptors FileInstall picks up at start have settled. */
    void settle(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        String last = "";
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            String now = catalog.elements().size() + "/" + registry.pipelines().stream().map(p -> p.name() + p.state()).toList();
            if (!now.equals(last)) {
                last = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > 600_000_000L
                    && registry.pipelines().stream().noneMatch(p -> p.state() == PipelineState.WAITING)) {
                return;
            }
            Thread.sleep(50);
        }
    }

    @Command(name = "run", description = "Runs a pipeline (a name from pipelines/, a descriptor file, or a chain in quotes) on images or folders.")
    static final class Run implements Callable<Integer> {
        @CommandLine.ParentCommand BatchCommand top;
        @Parameters(index = "0", paramLabel = "PIPELINE", description = "pipeline name, descriptor file, or chain such as \"dither ! file path=out/{input}.png\"")
        String pipeline;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "INPUT", description = "image files or folders of images")
        List<Path> inputs;
        @Option(names = "--wait", defaultValue = "10", description = "seconds to wait for the pipeline's plugins to be installed (default ${DEFAULT-VALUE})")
        int waitSeconds;
        @Option(names = {"-q", "--quiet"}, description = "no progress bar")
        boolean quiet;

        @Override public Integer call() throws Exception {
            if (!top.jobs.configurationProblems().isEmpty()) {
                top.jobs.configurationProblems().forEach(m -> top.err.println("atelier: " + m));
                top.err.println("atelier: fix the configuration file; nothing was run");
                return USAGE;
            }
            ResolvedPipeline p = resolve();
            Job job = top.jobs.submit(p, inputs);
            // Ctrl-C: cancel the job and let its steps end (no half-written file), then exit 3 with the summary;
            // a second Ctrl-C quits at once. A kill (SIGTERM) still cancels through the shutdown hook.
            Interrupts.Registration ctrlC = Interrupts.onInterrupt(new Runnable() {
                private boolean asked;

                @Override public synchronized void run() {
                    if (asked) {
                        top.err.println(System.lineSeparator() + "atelier: second Ctrl-C: quitting without waiting for job " + job.id());
                        Runtime.getRuntime().halt(CANCELLED);
                    }
                    asked = true;
                    top.err.println(System.lineSeparator() + "atelier: cancelling job " + job.id() + " (Ctrl-C again to quit at once)");
                    job.cancel();
                }
            });
            Thread hook = new Thread(() -> {
                job.cancel();
                try {
                    job.await(Duration.ofSeconds(10));
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "atelier-cancel-on-exit");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                if (!quiet) Progress.follow(job, top.err, System.console() != null);
                else job.await(Duration.ofDays(365));
            } finally {
                ctrlC.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // already shutting down
                }
            }
            Reports.summary(top.out, top.err, job);
            return job.state() == JobState.SUCCEEDED ? OK : job.state() == JobState.CANCELLED ? CANCELLED : FAILED;
        }

        private ResolvedPipeline resolve() throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
            while (true) {
                try {
                    return Runs.pipeline(top.registry, pipeline, Paths.get("").toAbsolutePath(), Duration.ofMillis(200));
                } catch (DescriptorException e) {
                    if (!e.mayResolveLater() || System.nanoTime() > deadline) throw e;
                    Thread.sleep(100);
                }
            }
        }
    }

    @Command(name = "validate", description = "Checks descriptor files against the installed plugins.")
    static final class Validate implements Callable<Integer> {
        @CommandLine.ParentCommand BatchCommand top;
        @Parameters(arity = "1..*", paramLabel = "FILE") List<Path> files;

        @Override public Integer call() throws Exception {
            top.settle(Duration.ofSeconds(5));
            int code = OK;
            for (Path f : files) {
                try {
                    ResolvedPipeline r = top.registry.check(f.toAbsolutePath());
                    top.out.println(f + ": ok, pipeline '" + r.name() + "'");
                } catch (DescriptorException e) {
                    e.problems().forEach(top.err::println);
                    code = USAGE;
                }
            }
            return code;
        }
    }

    @Command(name = "filters", description = "Lists the installed filters and outputs.")
    static final class Filters implements Callable<Integer> {
        @CommandLine.ParentCommand BatchCommand top;

        @Override public Integer call() throws Exception {
            top.settle(Duration.ofSeconds(5));
            Reports.filters(top.out, top.catalog);
            return OK;
        }
    }

    @Command(name = "inspect", description = "Describes a filter or output and its parameters.")
    static final class Inspect implements Callable<Integer> {
        @CommandLine.ParentCommand BatchCommand top;
        @Parameters(paramLabel = "NAME") String name;

        @Override public Integer call() throws Exception {
            top.settle(Duration.ofSeconds(5));
            ElementInfo e = top.catalog.element(name).orElse(null);
            if (e == null) {
                top.err.println("atelier: no filter or output named '" + name + "'; 'atelier filters' lists them");
                return USAGE;
            }
            Reports.inspect(top.out, e);
            return OK;
        }
    }

    @Command(name = "status", description = "Says how long the host took from JVM start to all its services, and what is installed; "
            + "--health adds what is wrong (configuration, deploy/, plugins, pipelines).")
    static final class Status implements Callable<Integer> {
        @CommandLine.ParentCommand BatchCommand top;
        @Option(names = "--health", description = "also list every problem, as atelier:status does") boolean health;

        @Override public Integer call() throws InterruptedException {
            long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
            // the pipelines' states (the plugins' own parameter checks) are worked out beside the rest of the start
            boolean settled = top.registry.awaitSettled(java.time.Duration.ofSeconds(10));
            long checkedMs = System.currentTimeMillis() - jvmStart;
            // the CPU beside the wall time: on a machine whose cores the start keeps busy, what a set of bundles adds to
            // the start is about its CPU over the cores, and that figure does not depend on the machine's load
            String cpu = top.readyCpuMillis < 0 ? "" : String.format(java.util.Locale.ROOT, ", %d ms of CPU", top.readyCpuMillis);
            top.out.printf(java.util.Locale.ROOT, "host ready %d ms after JVM start%s (all bundles active, services registered; pipelines %s %d ms): "
                    + "%d filters and outputs, %d pipelines%n", top.readyAtMillis - jvmStart, cpu, settled ? "checked at" : "still being checked at",
                    checkedMs, top.catalog.elements().size(), top.registry.pipelines().size());
            if (health) {
                top.settle(java.time.Duration.ofSeconds(5));
                Reports.status(top.out, top.catalog, top.registry, top.jobs, top.health);
            }
            return OK;
        }
    }

    @Command(name = "bench", description = "Measures hot-install, hot-edit and per-step engine cost inside this host; prints a table.")
    static final class Bench implements Callable<Integer> {
        @CommandLine.ParentCommand BatchCommand top;
        @Option(names = "--plugin", required = true, description = "a plugin jar to drop into deploy/ (one with a no-op filter)") Path plugin;
        @Option(names = "--noop", defaultValue = "fixture-noop", description = "name of the plugin's no-op filter") String noop;
        @Option(names = "--image", required = true, description = "a large image for the per-step cost") Path image;
        @Option(names = "--rounds", defaultValue = "10") int rounds;
        @Option(names = "--home", required = true, description = "the host's home (holding deploy/ and pipelines/)") Path home;

        @Override public Integer call() throws Exception {
            new HostBenchmark(top, home.resolve("deploy"), home.resolve("pipelines")).run(plugin.toAbsolutePath(), noop, image.toAbsolutePath(), rounds);
            return OK;
        }
    }

    @Command(name = "deployed", description = "Waits until the plugin in deploy/ FILE is installed and prints the filters and outputs it "
            + "registered, or why it did not come up (./atelier deploy runs it).")
    static final class Deployed implements Callable<Integer> {
        @CommandLine.ParentCommand BatchCommand top;
        @Parameters(paramLabel = "FILE", description = "the jar's path in deploy/") Path file;
        @Option(names = "--wait", defaultValue = "15", description = "seconds to wait (default ${DEFAULT-VALUE})") int waitSeconds;

        @Override public Integer call() throws Exception {
            String path = file.toAbsolutePath().normalize().toString();
            long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
            while (System.nanoTime() < deadline) {
                List<ElementInfo> mine = top.catalog.elements().stream().filter(e -> fromFile(e.bundleId(), path)).toList();
                List<String> problems = top.health.deployProblems().stream().filter(p -> p.startsWith(path)).toList();
                if (!mine.isEmpty()) {
                    Thread.sleep(300); // its other components come up together
                    mine = top.catalog.elements().stream().filter(e -> fromFile(e.bundleId(), path)).toList();
                    top.out.println(file.getFileName() + ": " + mine.get(0).bundle() + " registered " + mine.size() + " filter(s) and output(s):");
                    Reports.filters(top.out, new dev.atelier.core.Catalog() {
                        private final List<ElementInfo> list = top.catalog.elements().stream().filter(e -> fromFile(e.bundleId(), path)).toList();
                        @Override public List<ElementInfo> elements() { return list; }
                        @Override public java.util.Optional<ElementInfo> element(String name) { return top.catalog.element(name); }
                        @Override public java.util.Optional<String> failure(String name) { return top.catalog.failure(name); }
                    });
                    return OK;
                }
                if (!problems.isEmpty()) {
                    problems.forEach(p -> top.err.println("atelier: " + p));
                    return FAILED;
                }
                Thread.sleep(100);
            }
            top.err.println("atelier: " + file + ": no filter or output registered within " + waitSeconds + " s; 'atelier status --health' says more");
            return FAILED;
        }

        private boolean fromFile(long bundleId, String path) {
            org.osgi.framework.Bundle b = org.osgi.framework.FrameworkUtil.getBundle(BatchCommand.class).getBundleContext().getBundle(bundleId);
            if (b == null) return false;
            String location = b.getLocation();
            try {
                return location.startsWith("file:") && java.nio.file.Paths.get(java.net.URI.create(location)).toString().equals(path);
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    @Command(name = "pipelines", description = "Lists the pipelines in pipelines/ with their state.")
    static final class Pipelines implements Callable<Integer> {
        @CommandLine.ParentCommand BatchCommand top;

        @Override public Integer call() throws Exception {
            top.settle(Duration.ofSeconds(5));
            Reports.pipelines(top.out, top.registry.pipelines());
            return OK;
        }
    }

    @Command(name = "exec", description = "Runs Gogo shell command lines, one argument each (e.g. \"cnc:jobs\" \"cnc:resume ID\"), and exits: "
            + "0 when all succeed, 1 at the first that fails.")
    static final class Exec implements Callable<Integer> {
        @CommandLine.ParentCommand BatchCommand top;
        @Parameters(arity = "1..*", paramLabel = "COMMAND") List<String> commands;

        @Override public Integer call() throws Exception {
            top.settle(Duration.ofSeconds(5));
            // the process's own streams: System.out is Gogo's per-thread stream by now, and a session
            // writing into it would write into itself
            PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
            PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true);
            CommandSession session = top.processor.createSession(new java.io.FileInputStream(java.io.FileDescriptor.in), out, err);
            try {
                for (String line : commands) {
                    try {
                        Object r = session.execute(line);
                        if (r != null) out.println(session.format(r, org.apache.felix.service.command.Converter.INSPECT));
                    } catch (Exception thrown) {
                        Throwable e = thrown;
                        // Gogo hands back what a command threw wrapped in InvocationTargetException
                        while (e instanceof java.lang.reflect.InvocationTargetException && e.getCause() != null) e = e.getCause();
                        err.println("atelier: " + line + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
                        if (e instanceof Error) e.printStackTrace(err);
                        return e instanceof IllegalArgumentException ? USAGE : FAILED;
                    }
                }
            } finally {
                session.close();
            }
            return OK;
        }
    }
}
