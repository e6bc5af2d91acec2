package dev.atelier.shell.internal;

import dev.atelier.core.Catalog;
import dev.atelier.core.DescriptorException;
import dev.atelier.core.Job;
import dev.atelier.core.JobService;
import dev.atelier.core.PipelineInfo;
import dev.atelier.core.PipelineRegistry;
import dev.atelier.core.ResolvedPipeline;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code atelier:*} Gogo commands. Immediate, so Gogo does not activate it afresh for every command. */
@Component(immediate = true, service = AtelierCommands.class, property = {
    "osgi.command.scope=atelier",
    "osgi.command.function=filters", "osgi.command.function=inspect", "osgi.command.function=pipelines",
    "osgi.command.function=show", "osgi.command.function=validate", "osgi.command.function=run",
    "osgi.command.function=jobs", "osgi.command.function=cancel", "osgi.command.function=status",
    "osgi.command.function=quit", "osgi.command.function=exit", "osgi.command.function=atelier",
    "osgi.command.function=console", "osgi.command.function=studio"})
public class AtelierCommands {

    @Reference Catalog catalog;
    @Reference PipelineRegistry registry;
    @Reference JobService jobs;
    @Reference dev.atelier.core.HostHealth health;
    @Reference dev.atelier.core.Libraries libraries;

    @Descriptor("lists the installed filters and outputs: name, kind, payload types, bundle")
    public void filters(CommandSession session) {
        Reports.filters(out(session), catalog);
    }

    @Descriptor("describes a filter or output and every parameter: type, default, range, description")
    public void inspect(CommandSession session, @Descriptor("filter or output name") String name) {
        catalog.element(name).ifPresentOrElse(e -> Reports.inspect(out(session), e),
                () -> { throw new CommandError.Usage("no filter or output named '" + name + "'; atelier:filters lists them"); });
    }

    @Descriptor("lists the pipelines with their state (ready, waiting, invalid) and what is wrong")
    public void pipelines(CommandSession session) {
        Reports.pipelines(out(session), registry.pipelines());
    }

    @Descriptor("shows one pipeline: its file, state, errors and steps with their parameters")
    public void show(CommandSession session, @Descriptor("pipeline name") String name) {
        PipelineInfo p = registry.pipeline(name).orElseThrow(() -> new CommandError.Usage(
                "no pipeline named '" + name + "'; atelier:pipelines lists them"));
        Reports.show(out(session), p, registry);
    }

    @Descriptor("checks a descriptor file (or a quoted chain) against the installed filters without registering it")
    public void validate(CommandSession session, @Descriptor("descriptor file, or a chain in quotes") String what) throws DescriptorException {
        PrintStream out = out(session);
        ResolvedPipeline r;
        try {
            r = Runs.isChain(what) ? registry.chain(what) : registry.check(base().resolve(what));
        } catch (DescriptorException e) {
            throw new CommandError.Usage(e.getMessage());
        }
        out.println(what + ": ok, pipeline '" + r.name() + "'");
        Reports.steps(out, r);
    }

    @Descriptor("runs a pipeline on image files or folders, showing progress; -b returns at once with the job id")
    public Object run(CommandSession session,
                      @Parameter(names = {"-b", "--background"}, presentValue = "true", absentValue = "false")
                      @Descriptor("run in the background") boolean background,
                      @Descriptor("pipeline name, descriptor file, or a chain in quotes") String what,
                      @Descriptor("input images or folders") String... inputs) throws Exception {
        ResolvedPipeline pipeline;
        try {
            pipeline = Runs.pipeline(registry, what, base(), Duration.ofSeconds(2));
        } catch (DescriptorException e) {
            throw new CommandError.Usage(e.getMessage());
        }
        Job job = jobs.submit(pipeline, Arrays.stream(inputs).map(Paths::get).toList());
        PrintStream out = out(session);
        if (background) {
            out.println("job " + job.id() + " started: " + job.total() + " inputs (atelier:jobs, atelier:cancel " + job.id() + ")");
            return job.id();
        }
        // Ctrl-C cancels this job and gives the prompt back once it has stopped; the host and its background
        // jobs go on. In the JLine shell the signal is the terminal's; elsewhere it is the JVM's.
        boolean jline = session.get(".reader") != null;
        Runnable cancel = () -> {
            out.println(System.lineSeparator() + "^C: cancelling job " + job.id());
            job.cancel();
        };
        Interrupts.Registration ctrlC = jline ? JLineConsole.onInterrupt(session, cancel) : Interrupts.onInterrupt(cancel);
        PrintStream report = out;
        try {
            Progress.follow(job, out, jline && JLineConsole.redraws(session));
        } catch (InterruptedException e) {
            // interrupted by Gogo (a Ctrl-C before this command took the signal): the prompt is back already,
            // so what follows is printed above it
            report = jline ? JLineConsole.above(session, out) : out;
            report.println("^C: cancelling job " + job.id());
            job.cancel();
            awaitCancel(job, report);
        } finally {
            ctrlC.close();
        }
        Reports.summary(report, report, job);
        // a job the user cancelled is no error; one whose inputs failed is (a script's 'exec' then exits 1)
        if (job.failed() > job.cancelled()) {
            throw new CommandError.Failed("job " + job.id() + " " + job.state() + ": " + (job.failed() - job.cancelled()) + " of " + job.total() + " inputs failed");
        }
        return null;
    }

    /** A cancelled job's steps stop at their next check: wait for that, unless Ctrl-C is pressed again. */
    private static void awaitCancel(Job job, PrintStream out) {
        boolean stopped;
        try {
            stopped = job.await(Duration.ofSeconds(60));
        } catch (InterruptedException again) {
            stopped = false;
        }
        if (!stopped) out.println("job " + job.id() + " is still stopping; atelier:jobs shows it");
    }

    @Descriptor("sets up Tab completion and the history (kept in the home) of the interactive shell; its profile calls it")
    public void console(CommandSession session) throws Exception {
        // the profile calls this before the first prompt: the prompt then means every plugin is there
        BatchLauncher.awaitLibraries(libraries);
        String problem = JLineConsole.attach(session, new Completions(catalog, registry, jobs), home(), this::whyNotLeave);
        if (problem != null) out(session).println("atelier:console: " + problem);
        else {
            // the profile runs on a pooled session thread; the shell's loop is on the thread gogo.jline names so
            for (Thread t : Thread.getAllStackTraces().keySet()) if ("Gogo shell".equals(t.getName())) stopWhenTheShellEnds(t);
        }
    }

    /**
     * Gogo stops the framework when its shell ends normally (Ctrl-D, exit), but not when its terminal goes away (a
     * closed ssh session or terminal window with SIGHUP ignored, as under nohup): JLine's line reader then either
     * fails, ending the shell, or reads end-of-file again and again at a full core (both seen). The host stayed up
     * with nobody able to reach it. Whatever ends the interactive shell, or takes its terminal, ends the host.
     */
    private static void stopWhenTheShellEnds(Thread shell) {
        org.osgi.framework.BundleContext context = org.osgi.framework.FrameworkUtil.getBundle(AtelierCommands.class).getBundleContext();
        org.osgi.framework.Bundle framework = context.getBundle(0);
        String terminal = terminalDevice();
        Thread watch = new Thread(() -> {
            try {
                while (shell.isAlive() && !terminalGone(terminal)) shell.join(1000);
                if (shell.isAlive()) {
                    if (framework.getState() != org.osgi.framework.Bundle.ACTIVE) return;
                    System.err.println("atelier: the shell's terminal is gone; stopping the host");
                    framework.stop();
                    return;
                }
                // gosh stops the framework itself after Ctrl-D, exit or an end of input, on a thread of Felix's:
                // give that a moment to begin before deciding nobody did
                for (int i = 0; i < 40 && framework.getState() == org.osgi.framework.Bundle.ACTIVE; i++) Thread.sleep(50);
                // when the shell's own bundle is being stopped or refreshed, its shell ends and the host stays
                if (framework.getState() != org.osgi.framework.Bundle.ACTIVE || !shellBundleActive(context)) return;
                System.err.println("atelier: the shell ended without Ctrl-D or quit (its terminal closed?); stopping the host");
                framework.stop();
            } catch (InterruptedException | org.osgi.framework.BundleException | IllegalStateException e) {
                // the framework is already stopping
            }
        }, "atelier-shell-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** The terminal device the shell reads (Linux: what standard input is open on), or null where that cannot be told. */
    private static String terminalDevice() {
        try {
            String device = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/0")).toString();
            return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") ? device : null;
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /** A pseudo-terminal whose other end closed: Linux removes its device, and the open descriptor reads "(deleted)". */
    private static boolean terminalGone(String device) {
        if (device == null) return false;
        try {
            String now = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/0")).toString();
            return !now.equals(device) || !java.nio.file.Files.exists(java.nio.file.Path.of(device));
        } catch (java.io.IOException | SecurityException e) {
            return false;
        }
    }

    private static boolean shellBundleActive(org.osgi.framework.BundleContext context) {
        for (org.osgi.framework.Bundle b : context.getBundles()) {
            if ("org.apache.felix.gogo.jline".equals(b.getSymbolicName())) return b.getState() == org.osgi.framework.Bundle.ACTIVE;
        }
        return false;
    }

    @Descriptor("lists recent jobs with their state and progress")
    public void jobs(CommandSession session) {
        Reports.jobs(out(session), jobs.jobs());
        Reports.stuck(out(session), jobs.stuckSteps());
    }

    /** One line a command, for 'help atelier' and 'atelier' alone. */
    static final String COMMANDS = ""
            + "Atelier's commands (type them as atelier:NAME, or NAME alone; 'help atelier:NAME' shows one's usage):\n"
            + "  filters                    installed filters and outputs: kind, payload types, bundle, state\n"
            + "  inspect NAME               a filter's or output's parameters: type, default, range, description\n"
            + "  pipelines                  pipelines with their state (ready, waiting, invalid) and what is wrong\n"
            + "  show NAME                  one pipeline: file (or the bundle shipping it), errors, steps and parameters\n"
            + "  validate FILE|\"CHAIN\"      checks a descriptor or a chain without registering it\n"
            + "  run [-b] PIPELINE INPUT... runs a pipeline name, descriptor or \"chain\" on files or folders; Ctrl-C cancels it\n"
            + "  jobs                       recent jobs: state, done, failed, cancelled; stuck steps\n"
            + "  cancel ID                  cancels a job\n"
            + "  status                     what is wrong: configuration, deploy/, plugins, stuck steps, pipelines\n"
            + "  studio [-p PORT]           the Studio, a web page on 127.0.0.1 (address and token printed)\n"
            + "  quit [-f] | exit [-f]      leaves (refuses while jobs run unless -f); Ctrl-D too\n"
            + "cnc:* commands drive a GRBL machine (help cnc:resume ...), mosaic:library cuts a tile library.\n";

    @Descriptor(COMMANDS)
    public void atelier(CommandSession session) {
        out(session).print(COMMANDS);
    }

    @Descriptor("leaves the shell and stops the host; refuses while jobs run unless -f")
    public void quit(CommandSession session,
                     @Parameter(names = {"-f", "--force"}, presentValue = "true", absentValue = "false")
                     @Descriptor("leave even while jobs run (they are cancelled)") boolean force) throws Exception {
        String refusal = whyNotLeave();
        if (refusal != null && !force) {
            out(session).println(refusal);
            return;
        }
        out(session).println("bye");
        org.osgi.framework.FrameworkUtil.getBundle(getClass()).getBundleContext().getBundle(0).stop();
    }

    @Descriptor("the same as quit")
    public void exit(CommandSession session,
                     @Parameter(names = {"-f", "--force"}, presentValue = "true", absentValue = "false")
                     @Descriptor("leave even while jobs run (they are cancelled)") boolean force) throws Exception {
        quit(session, force);
    }

    @Descriptor("the host's health: configuration errors, jars in deploy/ that did not become plugins, plugins that failed to start, stuck steps, pipelines not ready")
    public void status(CommandSession session) {
        Reports.status(out(session), catalog, registry, jobs, health);
    }

    @Descriptor("starts the Studio, a web page served by this host on 127.0.0.1, and prints its address with its token")
    public void studio(CommandSession session,
                       @Parameter(names = {"-p", "--port"}, absentValue = "8765") @Descriptor("the port (default 8765)") int port) throws Exception {
        if (port < 1 || port > 65535) throw new CommandError.Usage("atelier:studio: --port must be 1 to 65535, not " + port);
        String running = System.getProperty("org.osgi.service.http.port");
        if (running != null && !running.equals(String.valueOf(port)) && libraries.isInstalled("studio")) {
            throw new CommandError.Usage("atelier:studio: the Studio already runs on port " + running + "; one per host");
        }
        if (!libraries.isInstalled("studio")) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            } catch (java.io.IOException taken) {
                throw new CommandError.Usage("atelier:studio: port " + port + " on 127.0.0.1 is taken (another Studio or server); choose another with -p N");
            }
        }
        // read by Felix HTTP when its bundle starts (the framework falls back to system properties): it then
        // listens on the loopback at this port from its first start, never on every interface at 8080
        System.setProperty("org.osgi.service.http.port", String.valueOf(port));
        System.setProperty("org.apache.felix.http.host", "127.0.0.1");
        java.util.List<String> problems;
        try {
            problems = libraries.installSet("studio");
        } catch (IllegalArgumentException e) {
            throw new CommandError.Failed("atelier:studio: " + e.getMessage());
        }
        for (String p : problems) out(session).println("atelier:studio: " + p);
        if (!problems.isEmpty()) throw new CommandError.Failed("atelier:studio: the Studio's bundles did not all start (above)");
        out(session).println("the Studio starts; its address follows (Atelier Studio: http://127.0.0.1:" + port + "/?token=...)");
    }

    @Descriptor("cancels a running job; its steps stop at their next check, and no half-written output is left")
    public void cancel(CommandSession session, @Descriptor("job id") long id) {
        Job job = jobs.job(id).orElseThrow(() -> new CommandError.Usage("no job " + id + "; atelier:jobs lists them"));
        job.cancel();
        out(session).println("job " + id + ": cancel requested");
    }

    private static PrintStream out(CommandSession session) {
        return session.getConsole() != null ? session.getConsole() : System.out;
    }

    /** Why leaving (quit, exit, Ctrl-D) is refused now, or null when it is not. */
    private String whyNotLeave() {
        long running = jobs.jobs().stream().filter(j -> !j.state().isDone()).count();
        return running == 0 ? null : running + " job(s) still running (atelier:jobs); wait, cancel them, or leave anyway with: quit -f";
    }

    private static Path home() {
        String home = org.osgi.framework.FrameworkUtil.getBundle(AtelierCommands.class).getBundleContext().getProperty("atelier.home");
        return Paths.get(home != null ? home : "").toAbsolutePath();
    }

    private Path base() {
        return Paths.get("").toAbsolutePath();
    }
}
