package dev.atelier.plugin.cnc.internal;

import com.fazecast.jSerialComm.SerialPort;
import dev.atelier.core.Catalog;
import dev.atelier.core.ElementInfo;
import dev.atelier.core.Job;
import dev.atelier.core.JobService;
import dev.atelier.core.JobState;
import dev.atelier.core.PipelineInfo;
import dev.atelier.core.PipelineRegistry;
import dev.atelier.core.ResolvedPipeline;
import dev.atelier.core.StepSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code cnc:*} Gogo commands: find and open controllers, watch and steer a running job (status,
 * feed hold, cycle start, reset) and send or resume journalled jobs. Every command that needs a
 * machine takes the only open one when no port is named.
 */
@Component(immediate = true, service = CncCommands.class, property = {
    "osgi.command.scope=cnc",
    "osgi.command.function=ports", "osgi.command.function=connect", "osgi.command.function=disconnect",
    "osgi.command.function=status", "osgi.command.function=send", "osgi.command.function=hold",
    "osgi.command.function=resume", "osgi.command.function=reset", "osgi.command.function=jobs", "osgi.command.function=await",
    "osgi.command.function=unlock", "osgi.command.function=home"})
public class CncCommands {
    @Reference Machines machines;
    @Reference PipelineRegistry registry;
    @Reference JobService jobService;
    @Reference Catalog catalog;

    @Descriptor("lists the serial ports with their descriptions, and which are open")
    public void ports(CommandSession session) {
        PrintStream out = out(session);
        SerialPort[] ports = SerialPort.getCommPorts();
        List<String> open = machines.machines().stream().map(m -> m.port).toList();
        if (ports.length == 0) {
            out.println("no serial ports found: a GRBL board on USB appears as /dev/ttyACM0 or /dev/ttyUSB0 when plugged in "
                    + "(and this user needs to be in group dialout)");
        }
        for (SerialPort p : ports) {
            String path = p.getSystemPortPath();
            out.printf(Locale.ROOT, "%-16s %-28s %s%s%n", path, p.getDescriptivePortName(), p.getPortDescription(),
                    open.contains(path) ? "  (open)" : "");
        }
        for (String p : open) {
            if (java.util.Arrays.stream(ports).noneMatch(q -> q.getSystemPortPath().equals(p))) out.printf(Locale.ROOT, "%-16s (open)%n", p);
        }
    }

    @Descriptor("opens a GRBL controller at 115200 baud and keeps it open: waits for its banner, reads $$ and its status")
    public void connect(CommandSession session, @Descriptor("serial port, e.g. /dev/ttyACM0") String port) throws Exception {
        connect(session, port, 115200);
    }

    @Descriptor("opens a GRBL controller at the given baud rate and keeps it open")
    public void connect(CommandSession session, @Descriptor("serial port") String port, @Descriptor("baud rate") int baud) throws Exception {
        Machine m = machines.connect(port, baud);
        PrintStream out = out(session);
        out.println(port + ": " + m.describe());
        out.println(statusLine(m));
        if (m.grbl.alarm() != null) out.println("the controller is in alarm (" + m.grbl.alarm() + "): home it, or unlock it with home=true/unlock=true on a job");
    }

    @Descriptor("closes the only open controller")
    public void disconnect(CommandSession session) throws IOException {
        Machine m = machines.pick(null);
        machines.disconnect(m);
        out(session).println(m.port + ": closed");
    }

    @Descriptor("closes the controller on a port")
    public void disconnect(CommandSession session, @Descriptor("serial port") String port) throws IOException {
        Machine m = machines.pick(port);
        machines.disconnect(m);
        out(session).println(port + ": closed");
    }

    @Descriptor("shows the controller's state and position, and the running job's progress and time left")
    public void status(CommandSession session) throws Exception {
        status(session, null);
    }

    @Descriptor("shows the state of the controller on a port")
    public void status(CommandSession session, @Descriptor("serial port") String port) throws Exception {
        Machine m = machines.pick(port);
        PrintStream out = out(session);
        out.println(statusLine(m));
        Machine.ActiveJob j = m.job;
        if (j != null) out.println(j.progressLine());
    }

    @Descriptor("feed hold (!): the machine decelerates and stops; cnc:resume starts it again")
    public void hold(CommandSession session) throws Exception {
        hold(session, null);
    }

    @Descriptor("feed hold on the controller on a port")
    public void hold(CommandSession session, @Descriptor("serial port") String port) throws Exception {
        Machine m = machines.pick(port);
        m.hold();
        out(session).println(m.port + ": feed hold; cnc:resume continues, cnc:reset abandons the job (it stays resumable)");
    }

    @Descriptor("without a job: cycle start (~) after a feed hold. With a job (cnc:jobs lists them): continues it from the first line "
            + "not drawn, moving back along the drawn path first; --unlock ($X) or --home ($H) first leaves an alarm")
    public void resume(CommandSession session,
                       @Parameter(names = {"-u", "--unlock"}, presentValue = "true", absentValue = "false")
                       @Descriptor("unlock an alarm first ($X): only when the machine's position is right") boolean unlock,
                       @Parameter(names = {"-H", "--home"}, presentValue = "true", absentValue = "false")
                       @Descriptor("home first ($H); needs homing switches") boolean home,
                       @Descriptor("[JOB [PORT]]") String... jobAndPort) throws Exception {
        PrintStream out = out(session);
        if (jobAndPort.length == 0) {
            Machine m = machines.pick(null);
            m.cycleStart();
            out.println(m.port + ": cycle start");
            return;
        }
        if (jobAndPort.length > 2) throw new IllegalArgumentException("cnc:resume takes a job id and optionally a port, got " + jobAndPort.length + " arguments");
        String job = jobAndPort[0], port = jobAndPort.length > 1 ? jobAndPort[1] : null;
        Follower f = new Follower(out);
        GrblConnection.StreamResult r = CncJobs.resume(machines, job, port, unlock, home, f::cancelled, f);
        f.end();
        out.printf(Locale.ROOT, "job %s completed: %d more lines in %.1f s%n", job, r.acknowledged(), r.nanos() / 1e9);
    }

    @Descriptor("unlocks the controller after an alarm ($X), as GRBL allows when the position is known to be right")
    public void unlock(CommandSession session, @Descriptor("[PORT]") String... port) throws Exception {
        clearAlarm(session, port, "$X", Duration.ofSeconds(3), "unlocked");
    }

    @Descriptor("homes the controller ($H): finds its limit switches, which also leaves an alarm")
    public void home(CommandSession session, @Descriptor("[PORT]") String... port) throws Exception {
        clearAlarm(session, port, "$H", Duration.ofMinutes(2), "homed");
    }

    /** $X or $H, after the soft reset GRBL wants first when an alarm needs one. */
    private void clearAlarm(CommandSession session, String[] port, String command, Duration timeout, String done) throws Exception {
        Machine m = machines.pick(port.length > 0 ? port[0] : null);
        m.clearAlarm(command, timeout);
        out(session).println(m.port + ": " + done + " (" + command + "); " + statusLine(m));
    }

    @Descriptor("stops the running job at once (hold, then soft reset; it stays resumable), or soft-resets an idle controller")
    public void reset(CommandSession session) throws Exception {
        reset(session, null);
    }

    @Descriptor("resets the controller on a port")
    public void reset(CommandSession session, @Descriptor("serial port") String port) throws Exception {
        Machine m = machines.pick(port);
        Machine.ActiveJob j = m.stopJobOrReset();
        if (j != null) {
            out(session).println(m.port + ": stopping job " + j.id + " (hold, then reset); continue later with cnc:resume " + j.id);
        } else {
            out(session).println(m.port + ": soft reset");
        }
    }

    @Descriptor("waits until the job on the only open controller ends (for scripts after cnc:send -b); fails when it did not complete")
    public void await(CommandSession session) throws Exception {
        Machine m = machines.pick(null);
        Machine.ActiveJob j = m.job;
        if (j == null) {
            out(session).println(m.port + ": no job running");
            return;
        }
        while (m.job == j) Thread.sleep(50);
        JobJournal.State s = JobJournal.read(machines.jobsFolder(), j.id);
        String line = "job " + j.id + ": " + s.state() + ", " + s.acknowledgedLines() + " of " + j.total + " lines acknowledged";
        if (!s.state().equals("completed")) throw new IllegalStateException(line + "; continue with cnc:resume " + j.id);
        out(session).println(line);
    }

    @Descriptor("lists the journalled jobs: state, lines done, and the command that continues a stopped one")
    public void jobs(CommandSession session) throws IOException {
        PrintStream out = out(session);
        List<JobJournal.State> all = CncJobs.list(machines.jobsFolder());
        if (all.isEmpty()) {
            out.println("no jobs in " + machines.jobsFolder());
            return;
        }
        Map<String, Machine.ActiveJob> running = new LinkedHashMap<>();
        for (Machine m : machines.machines()) if (m.job != null) running.put(m.job.id, m.job);
        for (JobJournal.State s : all) {
            Machine.ActiveJob a = running.get(s.id());
            int total = Files.exists(s.program()) ? CncJobs.sendable(Files.readAllLines(s.program())) : -1;
            String what = a != null ? a.progressLine()
                    : String.format(Locale.ROOT, "%-12s %d/%s lines%s", s.state(), s.acknowledgedLines(), total < 0 ? "?" : Integer.toString(total),
                    s.state().equals("completed") ? "" : "  (cnc:resume " + s.id() + ")");
            out.printf(Locale.ROOT, "%-50s %s  %s%n", s.id(), Instant.ofEpochMilli(s.modifiedMillis()).toString().substring(0, 19), what);
        }
    }

    @Descriptor("streams a G-code file to the controller (the only open one, or --port), journalled; -b returns at once")
    public void send(CommandSession session,
                     @Parameter(names = {"-b", "--background"}, presentValue = "true", absentValue = "false")
                     @Descriptor("run in the background") boolean background,
                     @Parameter(names = {"-p", "--port"}, absentValue = "") @Descriptor("serial port") String port,
                     @Parameter(names = {"-m", "--machine"}, absentValue = "etch-a-sketch")
                     @Descriptor("machine profile for a pipeline's drawing") String machine,
                     @Descriptor("a G-code file (.gcode, .nc, .gc, .ngc), or a pipeline that makes a drawing followed by an image") String what,
                     @Descriptor("the image, for a pipeline") String... inputs) throws Exception {
        PrintStream out = out(session);
        Path base = Path.of("").toAbsolutePath();
        Path file = base.resolve(what);
        if (Files.isRegularFile(file) && inputs.length == 0) {
            sendFile(out, background, port, file);
        } else if (inputs.length == 1) {
            sendPipeline(out, background, port, machine, what, base.resolve(inputs[0]));
        } else if (!Files.exists(file) && inputs.length == 0) {
            throw new IllegalArgumentException(what + ": no such G-code file; cnc:send takes a G-code file, or a pipeline and one image");
        } else {
            throw new IllegalArgumentException("cnc:send takes a G-code file, or a pipeline and one image (got " + (1 + inputs.length) + " arguments)");
        }
    }

    private void sendFile(PrintStream out, boolean background, String port, Path file) throws Exception {
        Machine m = machines.pick(port.isEmpty() ? null : port);
        List<String> program = Files.readAllLines(file, java.nio.charset.StandardCharsets.US_ASCII);
        String name = file.getFileName().toString();
        String id = CncJobs.newId(name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name);
        CncRunner.Options o = new CncRunner.Options(m.port, m.baud, GrblConnection.Mode.CHARACTER_COUNTING, true, false, false, false, 5);
        out.println("job " + id + ": " + CncJobs.sendable(program) + " lines from " + file + " to " + m.port);
        if (background) {
            CncJobs.inBackground(id, firstLine -> CncJobs.start(machines, id, program, Double.NaN, o, () -> false, firstLine));
            out.println("running in the background: cnc:status, cnc:hold, cnc:reset, cnc:await, cnc:jobs");
            return;
        }
        Follower f = new Follower(out);
        GrblConnection.StreamResult r = CncJobs.start(machines, id, program, Double.NaN, o, f::cancelled, f);
        f.end();
        out.printf(Locale.ROOT, "job %s completed: %d lines in %.1f s%n", id, r.acknowledged(), r.nanos() / 1e9);
    }

    /** Runs a pipeline's filters on one image and sends the drawing through a cnc output instead of the pipeline's own outputs. */
    private void sendPipeline(PrintStream out, boolean background, String port, String machine, String name, Path image) throws Exception {
        PipelineInfo info = registry.pipeline(name).orElseThrow(() -> new IllegalArgumentException(
                "no G-code file or pipeline named '" + name + "'; atelier:pipelines lists the pipelines"));
        ResolvedPipeline p = info.active();
        if (p == null) throw new IllegalArgumentException("pipeline " + name + " cannot run: " + info.message());
        String made = p.steps().isEmpty() ? "raster" : p.steps().get(p.steps().size() - 1).element().output();
        if (!"drawing".equalsIgnoreCase(made)) {
            throw new IllegalArgumentException("pipeline " + name + " makes a " + made + ", not a drawing; cnc:send needs one that ends in linify");
        }
        String portName = port.isEmpty() ? machines.pick(null).port : port;
        ElementInfo cnc = catalog.element("cnc").orElseThrow(() -> new IllegalStateException("the cnc output is not registered"));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("port", portName);
        params.put("machine", machine);
        machines.machines().stream().filter(m -> m.port.equals(portName)).findFirst().ifPresent(m -> params.put("baud", m.baud));
        ResolvedPipeline.Step output = new ResolvedPipeline.Step(new StepSpec(p.steps().size() + 1, "cnc", params, 0, Map.of()), cnc, params);
        Job job = jobService.submit(new ResolvedPipeline(p.spec(), p.steps(), List.of(output)), List.of(image));
        out.println("atelier job " + job.id() + ": " + name + " on " + image.getFileName() + " to " + portName);
        if (background) {
            out.println("running in the background: cnc:status, cnc:hold, cnc:reset, atelier:jobs");
            return;
        }
        AtomicReference<String> last = new AtomicReference<>("");
        try {
            while (!job.await(Duration.ofSeconds(1))) {
                machines.machines().stream().filter(m -> m.port.equals(portName) && m.job != null).findFirst().ifPresent(m -> {
                    String line = m.job.progressLine();
                    if (!line.equals(last.get())) out.println(line);
                    last.set(line);
                });
            }
        } catch (InterruptedException e) {
            job.cancel();
            job.await(Duration.ofSeconds(10));
            Thread.currentThread().interrupt();
        }
        for (Job.FileResult r : job.results()) {
            r.log().forEach(l -> out.println("  " + l));
            if (!r.ok()) throw new IllegalStateException(r.input().getFileName() + ": " + r.error());
        }
        if (job.state() != JobState.SUCCEEDED) throw new IllegalStateException("atelier job " + job.id() + " " + job.state());
    }

    static String statusLine(Machine m) throws Exception {
        GrblStatus s = m.grbl.pollStatus(Duration.ofSeconds(1));
        double[] p = s.machinePosition();
        return String.format(Locale.ROOT, "%s: %s%s%s%s", m.port, s.state(),
                p == null ? "" : String.format(Locale.ROOT, ", at X %.3f Y %.3f mm", p[0], p.length > 1 ? p[1] : 0),
                Double.isNaN(s.feed()) ? "" : String.format(Locale.ROOT, ", feed %.0f mm/min", s.feed()),
                s.plannerFree() < 0 ? "" : ", planner " + s.plannerFree() + " blocks free, receive buffer " + s.rxFree() + " bytes free");
    }

    private static PrintStream out(CommandSession session) {
        return session.getConsole() != null ? session.getConsole() : System.out;
    }

    /** Prints a job's progress every few seconds (or redraws it on a terminal); Ctrl-C (an interrupt) cancels the job. */
    static class Follower implements CncRunner.Listener {
        static final CncRunner.Listener SILENT = new CncRunner.Listener() {
            @Override public void acknowledged(int line, int acknowledged, int total) { }

            @Override public void log(String message) { }
        };
        private final PrintStream out;
        private final boolean terminal = System.console() != null;
        private final long start = System.nanoTime();
        private long lastPrint;
        private String lastLine;
        private int acknowledged, total;

        Follower(PrintStream out) {
            this.out = out;
        }

        boolean cancelled() {
            return Thread.currentThread().isInterrupted();
        }

        @Override public void acknowledged(int line, int acknowledged, int total) {
            this.acknowledged = acknowledged;
            this.total = total;
            long now = System.nanoTime();
            if (now - lastPrint > (terminal ? 200_000_000L : 5_000_000_000L) || acknowledged == total) {
                lastPrint = now;
                lastLine = bar();
                out.print(terminal ? "\r" + lastLine : lastLine + "\n");
                out.flush();
            }
        }

        private String bar() {
            double f = total == 0 ? 1 : acknowledged / (double) total, secs = (System.nanoTime() - start) / 1e9;
            double left = f < 1 ? Machine.paceLeft(f, secs) : Double.NaN;
            return String.format(Locale.ROOT, "%s %d/%d lines, %s%s", Machine.bar(f), acknowledged, total, Machine.clock(secs),
                    Double.isNaN(left) ? "" : ", " + Machine.clock(left) + " left");
        }

        @Override public void log(String message) {
            if (terminal && lastLine != null) out.print("\r");
            out.println(message);
        }

        void end() {
            if (terminal && lastLine != null) out.println();
        }
    }
}
