package dev.atelier.plugin.cnc.internal;

import dev.atelier.api.Drawing;
import dev.atelier.api.Payload;
import dev.atelier.api.Sink;
import dev.atelier.api.SinkProperties;
import dev.atelier.api.StepContext;
import dev.atelier.plugin.file.gcode.GcodeWriter;
import dev.atelier.plugin.file.gcode.MachineProfile;
import java.util.Locale;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Draws a drawing on a GRBL 1.1 machine over a serial port, journalled so that cnc:resume can continue it. */
@Component
@SinkProperties(name = "cnc", input = Payload.DRAWING,
        description = "Streams the drawing as G-code to a GRBL 1.1 controller on a serial port (character counting; resumable)")
@Designate(ocd = CncSink.Config.class)
public class CncSink implements Sink {
    @ObjectClassDefinition(name = "cnc", description = "Streams G-code to GRBL")
    @interface Config {
        @AttributeDefinition(description = "Serial port path, e.g. /dev/ttyACM0 (cnc:ports lists them)")
        String port();

        @AttributeDefinition(min = "300", max = "2000000", description = "Baud rate (GRBL 1.1 uses 115200)")
        int baud() default 115200;

        @AttributeDefinition(description = "Machine profile, as for the file output's G-code (etch-a-sketch, grbl-plotter, or a profile file)")
        String machine() default "etch-a-sketch";

        @AttributeDefinition(min = "0", description = "Feed rate in mm/min; 0 takes the machine's")
        double feed() default 0;

        @AttributeDefinition(description = "Scale a drawing larger than the work area down to fit (otherwise it is an error)")
        boolean fit() default true;

        @AttributeDefinition(description = "character-counting keeps GRBL's 128-byte buffer full; send-and-wait sends a line per ok",
                options = {@Option(value = "character-counting"), @Option(value = "send-and-wait")})
        String mode() default "character-counting";

        @AttributeDefinition(description = "On error:N, stop the job (and keep the journal for cnc:resume) or report it and go on",
                options = {@Option(value = "stop"), @Option(value = "continue")})
        String on_error() default "stop";

        @AttributeDefinition(description = "Dry run in GRBL's check mode ($C): every line is parsed and checked, nothing moves")
        boolean check() default false;

        @AttributeDefinition(description = "Home first ($H); the machine needs homing switches")
        boolean home() default false;

        @AttributeDefinition(description = "Unlock an alarm first ($X): only when you know the machine's position is right")
        boolean unlock() default false;

        @AttributeDefinition(min = "0", max = "50", description = "Status reports a second while streaming (0: none, and no silence watchdog)")
        double poll_hz() default 5;

        @AttributeDefinition(min = "200", max = "600000", description = "Milliseconds without a byte from the controller, while lines are "
                + "unanswered, before the port counts as lost (never under three status polls; the silence after a limit alarm is told apart)")
        int silence_ms() default 2000;
    }

    @Reference Machines machines;

    /** At load time: a port is named and a built-in machine exists (a profile file is read when a job runs). */
    @Override public java.util.List<String> check(java.util.Map<String, Object> parameters, String input) {
        java.util.List<String> problems = new java.util.ArrayList<>();
        Object port = parameters.get("port");
        if (port == null || port.toString().isBlank()) problems.add("parameter 'port': which serial port? (cnc:ports lists them)");
        String machine = String.valueOf(parameters.getOrDefault("machine", "etch-a-sketch"));
        if (!machine.contains("/") && !machine.contains(".")) {
            try {
                MachineProfile.of(machine, java.nio.file.Path.of(""));
            } catch (IllegalArgumentException | java.io.IOException e) {
                problems.add(e.getMessage().replaceFirst("^parameter machine:", "parameter 'machine':"));
            }
        }
        return problems;
    }

    @Override public void write(Payload payload, StepContext ctx) throws Exception {
        Config c = ctx.parameters(Config.class);
        if (c.port() == null || c.port().isBlank()) throw new IllegalArgumentException("parameter port: which serial port? (cnc:ports lists them)");
        MachineProfile m = MachineProfile.of(c.machine(), ctx.baseDirectory());
        GcodeWriter.Program p = GcodeWriter.program((Drawing) payload, m, c.feed() > 0 ? c.feed() : m.feed(), c.fit());
        CncRunner.Options o = new CncRunner.Options(c.port(), c.baud(),
                c.mode().equals("send-and-wait") ? GrblConnection.Mode.SEND_AND_WAIT : GrblConnection.Mode.CHARACTER_COUNTING,
                !c.on_error().equals("continue"), c.unlock(), c.home(), c.check(), c.poll_hz(), c.silence_ms());
        String id = CncJobs.newId(ctx.pipeline(), ctx.input().name());
        ctx.log("job " + id + ": " + p.moves() + " moves on " + c.port() + ", about " + GcodeWriter.duration(p.seconds()));
        long t0 = System.nanoTime();
        GrblConnection.StreamResult r = CncJobs.start(machines, id, p.lines(), p.seconds(), o, ctx::isCancelled, new CncRunner.Listener() {
            @Override public void acknowledged(int line, int acked, int total) {
                ctx.progress(acked / (double) total);
            }

            @Override public void log(String message) {
                ctx.log(message);
            }
        });
        ctx.log(String.format(Locale.ROOT, "job %s done: %d lines in %.1f s", id, r.acknowledged(), (System.nanoTime() - t0) / 1e9));
    }
}
