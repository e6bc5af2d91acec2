package dev.atelier.test.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atelier.test.grbl.GrblDevice;
import dev.atelier.test.grbl.Pty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cnc output in the exported jar, streaming to a GRBL device on a socat pseudo-terminal. */
class CncTest {
    @TempDir Path home;
    @TempDir Path ptyDir;
    Pty pty;
    GrblDevice device;

    @BeforeEach void start() throws Exception {
        assumeTrue(Pty.socatInstalled(), "socat is not installed (apt-get install socat; .ci/run does)");
        AtelierProcess.home(home);
        pty = new Pty(ptyDir);
    }

    @AfterEach void stop() throws Exception {
        if (device != null) device.close();
        if (pty != null) pty.close();
    }

    @Test void drawsAPhotoOnTheMachineAndJournalsEveryLine() throws Exception {
        GrblDevice.Options o = new GrblDevice.Options();
        o.bannerOnOpen = false; // a GRBL that was already running: the host must reset it to see the banner
        device = new GrblDevice(pty.device, o);
        AtelierProcess.Result r = AtelierProcess.run(home, "run", "linify cells=12 ! cnc port=" + pty.host + " machine=grbl-plotter",
                AtelierProcess.SAMPLES.resolve("coffee.png").toString());
        assertEquals(0, r.code(), r.stderr());
        Path jobs = home.resolve("cnc-jobs");
        List<Path> programs;
        try (var s = Files.list(jobs)) {
            programs = s.filter(p -> p.toString().endsWith(".gcode")).toList();
        }
        assertEquals(1, programs.size());
        List<String> program = Files.readAllLines(programs.get(0));
        List<String> sent = program.stream().map(l -> l.replaceFirst(";.*", "").trim()).filter(l -> !l.isEmpty()).toList();
        assertEquals(sent, device.received().stream().filter(l -> !l.startsWith("$")).toList(), "every program line, once, in order");
        String journal = Files.readString(programs.get(0).resolveSibling(programs.get(0).getFileName().toString().replace(".gcode", ".journal")));
        assertTrue(journal.endsWith("state completed\n"), journal.substring(Math.max(0, journal.length() - 200)));
        assertEquals(sent.size(), journal.lines().filter(l -> l.startsWith("ack ")).count());
        assertEquals(0, device.overflows.get());
    }

    @Test void anErrorStopsTheJobAndSaysHowToResume() throws Exception {
        GrblDevice.Options o = new GrblDevice.Options();
        o.errorOnLine = 30;
        device = new GrblDevice(pty.device, o);
        AtelierProcess.Result r = AtelierProcess.run(home, "run", "-q", "linify cells=12 ! cnc port=" + pty.host + " machine=grbl-plotter",
                AtelierProcess.SAMPLES.resolve("coffee.png").toString());
        assertEquals(1, r.code());
        assertTrue(r.stderr().contains("error:20 Unsupported or invalid g-code command found in block.") && r.stderr().contains("continue with cnc:resume "),
                r.stderr());
        // the 30th line GRBL gets is line 33 of the program, after three comment lines; lines already in GRBL's
        // buffer behind it still run, as on a real GRBL, and are counted as done
        assertTrue(r.stderr().contains("line 33 'G1 "), r.stderr());
    }

    @Test void aMissingPortIsAClearError() throws Exception {
        AtelierProcess.Result r = AtelierProcess.run(home, "run", "-q", "linify cells=4 ! cnc port=" + ptyDir.resolve("ttyNONE"),
                AtelierProcess.SAMPLES.resolve("coffee.png").toString());
        assertEquals(1, r.code());
        assertTrue(r.stderr().contains("cannot open serial port " + ptyDir.resolve("ttyNONE")), r.stderr());
    }

    /**
     * A cable pull at a random line, then a new host process and a controller on another port: cnc:resume
     * moves back along the drawn path (the new controller says it is at 0,0) and sends the rest from the first
     * line not known to be drawn. Between the two devices' logs every program line is acknowledged, in order.
     */
    @Test void resumesAfterADisconnectAtARandomLineWithEveryLineAcknowledged(@TempDir Path secondPtyDir) throws Exception {
        long seed = System.nanoTime();
        int cut = 20 + new Random(seed).nextInt(400);
        GrblDevice.Options o = new GrblDevice.Options();
        o.disconnectAfterLine = cut;
        device = new GrblDevice(pty.device, o);
        AtelierProcess.Result first = AtelierProcess.run(home, "run", "-q", "linify cells=12 ! cnc port=" + pty.host + " machine=grbl-plotter",
                AtelierProcess.SAMPLES.resolve("coffee.png").toString());
        String context = "disconnect after line " + cut + " (seed " + seed + ")";
        assertEquals(1, first.code(), context + ": " + first.stderr());
        assertTrue(first.stderr().contains("the controller went away"), first.stderr());
        Matcher id = Pattern.compile("continue with cnc:resume (\\S+)").matcher(first.stderr());
        assertTrue(id.find(), first.stderr());
        List<String> before = device.acknowledged();
        assertEquals(cut, before.size(), context);
        device.close();
        pty.close();

        try (Pty second = new Pty(secondPtyDir)) {
            GrblDevice other = new GrblDevice(second.device, new GrblDevice.Options());
            try {
                AtelierProcess.Result resumed = AtelierProcess.run(home, "exec", "cnc:resume \"" + id.group(1) + "\" \"" + second.host + "\"");
                assertEquals(0, resumed.code(), context + ": " + resumed.stderr() + resumed.stdout());
                assertTrue(resumed.stdout().contains("job " + id.group(1) + " completed"), resumed.stdout());

                Path jobs = home.resolve("cnc-jobs");
                List<String> program = Files.readAllLines(jobs.resolve(id.group(1) + ".gcode")).stream()
                        .map(l -> l.replaceFirst(";.*", "").trim()).filter(l -> !l.isEmpty()).toList();
                List<String> journal = Files.readAllLines(jobs.resolve(id.group(1) + ".journal"));
                String retrace = journal.stream().filter(l -> l.startsWith("event retrace ")).findFirst().orElseThrow();
                int moves = Integer.parseInt(retrace.split(" ")[2]);
                List<String> after = other.acknowledged();
                List<String> back = after.subList(0, moves);
                // the new controller says it is at 0,0: the way back runs along the drawn path, never a rapid across it
                assertTrue(back.stream().noneMatch(l -> l.startsWith("G0")), back.toString());
                // then the program again from the first line not known to be drawn: at most a planner's worth before the
                // cut (the controller went away, so nothing more is known), never after it
                List<String> rest = after.subList(back.size(), after.size());
                int from = program.size() - rest.size();
                assertTrue(from >= 0 && program.subList(from, program.size()).equals(rest), context + ": the rest of the program, in order");
                assertTrue(from <= before.size() && from >= before.size() - 40, context + ": resumed at line " + from + " of "
                        + before.size() + " acknowledged");
                // the way back ends where the program stood before that line
                assertEquals(lastXY(program.subList(0, from)), lastXY(back).replaceAll("(\\.\\d*?)0+\\b", "$1").replace(". ", " "), context + "; journal: "
                        + journal.stream().filter(l -> !l.startsWith("ack ")).toList());
                List<String> acks = journal.stream().filter(l -> l.startsWith("ack ")).toList();
                assertEquals(program.size(), acks.stream().distinct().count(), "every line journalled");
                assertEquals("state completed", journal.get(journal.size() - 1));
            } finally {
                other.close();
            }
        }
        pty = null;
        device = null;
    }

    /** X and Y where a run of lines leaves the machine (absolute moves). */
    private static String lastXY(List<String> lines) {
        String x = null, y = null;
        for (String l : lines) {
            for (String w : l.split("\\s+")) {
                if (w.startsWith("X")) x = w;
                if (w.startsWith("Y")) y = w;
            }
        }
        return x + " " + y;
    }

    /** The program lines that put a move in the planner, cleaned as GRBL gets them. */
    private static List<String> motionLines(List<String> program) {
        return program.stream().map(l -> l.replaceFirst(";.*", "").replaceAll("\\(.*?\\)", "").trim().replaceAll("\\s+", " "))
                .filter(l -> l.contains("X") || l.contains("Y")).toList();
    }

    /**
     * A reset from elsewhere while the machine draws (ALARM:3, as real GRBL 1.1h says it): the job stops at once and
     * says how to go on; cnc:resume --unlock continues from the first move not drawn, from where the pen stands,
     * along the path. Every move of the program is drawn, none skipped, and the way back is no rapid across the picture.
     */
    @Test void aResetMidJobIsReportedAndTheResumeDrawsEveryMove() throws Exception {
        GrblDevice.Options o = new GrblDevice.Options();
        o.timeScale = 0.3;
        device = new GrblDevice(pty.device, o);
        Thread resetter = new Thread(() -> {
            try {
                while (device.executed().size() < 40) Thread.sleep(5);
                device.injectReset();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        resetter.setDaemon(true);
        resetter.start();
        AtelierProcess.Result first = AtelierProcess.run(home, "run", "-q", "linify cells=8 ! cnc port=" + pty.host + " machine=etch-a-sketch",
                AtelierProcess.SAMPLES.resolve("coffee.png").toString());
        assertEquals(1, first.code(), first.stderr());
        assertTrue(first.stderr().contains("ALARM:3 reset while in motion") && first.stderr().contains("cnc:unlock")
                && first.stderr().contains("cnc:resume --unlock"), first.stderr());
        Matcher id = Pattern.compile("continue with cnc:resume (\\S+)").matcher(first.stderr());
        assertTrue(id.find(), first.stderr());
        Path jobs = home.resolve("cnc-jobs");
        assertTrue(Files.readString(jobs.resolve(id.group(1) + ".journal")).contains("state alarm 3"), "journalled as an alarm, not a disconnect");
        List<String> drawnBefore = device.executed();
        double[] stoppedAt = device.position();
        o.timeScale = 0; // the rest of the drawing need not take its real time

        AtelierProcess.Result locked = AtelierProcess.run(home, "exec", "cnc:resume " + id.group(1));
        assertEquals(1, locked.code(), locked.stdout() + locked.stderr());
        assertTrue(locked.stderr().contains("in alarm") && locked.stderr().contains("cnc:unlock"), locked.stderr());

        AtelierProcess.Result resumed = AtelierProcess.run(home, "exec", "cnc:resume --unlock " + id.group(1));
        assertEquals(0, resumed.code(), resumed.stdout() + resumed.stderr());
        List<String> program = motionLines(Files.readAllLines(jobs.resolve(id.group(1) + ".gcode")));
        List<String> all = device.executed();
        List<String> after = all.subList(drawnBefore.size(), all.size());
        assertTrue(after.stream().noneMatch(l -> l.startsWith("G0")), "no rapid across the picture after the stop: " + after.subList(0, 5));
        // after the way back, the program's moves to its end, in order: from which move?
        int resumedAt = -1;
        for (int k = 0; k < after.size() && resumedAt < 0; k++) {
            int from = program.size() - (after.size() - k);
            if (from >= 0 && program.subList(from, program.size()).equals(after.subList(k, after.size()))) resumedAt = from;
        }
        assertTrue(resumedAt >= 0, "the resume ends with the program's last moves, in order");
        int drawnMoves = countProgramMoves(drawnBefore, program);
        assertTrue(resumedAt <= drawnMoves, "no move skipped: resumed at move " + resumedAt + " but only " + drawnMoves
                + " were drawn to their end before the reset (at X " + stoppedAt[0] + " Y " + stoppedAt[1] + "); journal "
                + Files.readAllLines(jobs.resolve(id.group(1) + ".journal")).stream().filter(l -> !l.startsWith("ack ")).toList()
                + "; drawn before " + drawnBefore.subList(Math.max(0, drawnBefore.size() - 3), drawnBefore.size()) + "; after " + after.subList(0, Math.min(8, after.size()))
                + "; program " + program.subList(0, Math.min(60, program.size())));
        assertTrue(drawnMoves - resumedAt <= 16, "a resume redraws at most a planner's worth: from " + resumedAt + ", " + drawnMoves + " drawn");
    }

    /** How many of the program's moves, from its start, the device drew completely. */
    private static int countProgramMoves(List<String> drawn, List<String> program) {
        int n = 0;
        while (n < drawn.size() && n < program.size() && drawn.get(n).equals(program.get(n))) n++;
        return n;
    }

    /** The shell's cnc commands on a job in the background: feed hold, cycle start, status, reset. */
    @Test void shellCommandsHoldResumeAndStopARunningJob() throws Exception {
        GrblDevice.Options o = new GrblDevice.Options();
        o.timeScale = 1; // 1 mm moves at 3000 mm/min: 20 ms each, a minute for the whole file
        device = new GrblDevice(pty.device, o);
        List<String> program = new ArrayList<>(List.of("G21", "G90"));
        for (int i = 0; i < 3000; i++) program.add("G1 X" + (i % 2 == 0 ? 1 : 0) + " Y" + (i / 2 % 100) + " F3000");
        Path file = home.resolve("square-wave.gcode");
        Files.write(file, program);
        AtelierProcess.Result r = AtelierProcess.run(home, "exec", "cnc:connect \"" + pty.host + "\"", "cnc:send -b square-wave.gcode",
                "cnc:hold", "cnc:status", "cnc:resume", "cnc:status", "cnc:reset", "cnc:await");
        assertEquals(1, r.code(), r.stdout() + r.stderr());
        String out = r.stdout();
        assertTrue(out.contains("Grbl 1.1h"), out);
        int held = out.indexOf(": Hold"), running = out.indexOf(": Run", held);
        assertTrue(held > 0 && running > held, "status says Hold after cnc:hold and Run after cnc:resume:\n" + out);
        assertTrue(out.contains("job square-wave-"), out);
        assertTrue(r.stderr().contains("cnc:await: job square-wave-") && r.stderr().contains(": cancelled")
                && r.stderr().contains("continue with cnc:resume square-wave-"), r.stderr());
        assertTrue(device.resets.get() >= 1, "the reset reached the controller");
        assertTrue(device.acknowledged().size() < program.size(), "stopped before the end");
    }

    /** cnc:send with a pipeline and an image: the pipeline's filters make the drawing, the connected machine draws it. */
    @Test void sendsAPipelinesDrawingToTheConnectedMachine() throws Exception {
        device = new GrblDevice(pty.device, new GrblDevice.Options());
        Files.writeString(home.resolve("pipelines").resolve("lines.pipeline.yaml"),
                "name: lines\nsteps:\n  - linify: {cells: 8}\noutputs:\n  - file: {path: \"out/{input}.svg\"}\n");
        Path photo = home.resolve("coffee.png");
        Files.copy(AtelierProcess.SAMPLES.resolve("coffee.png"), photo);
        AtelierProcess.Result r = AtelierProcess.run(home, "exec", "cnc:connect \"" + pty.host + "\"", "cnc:send -m grbl-plotter lines coffee.png");
        assertEquals(0, r.code(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("lines on coffee.png to " + pty.host), r.stdout());
        List<Path> journals;
        try (var s = Files.list(home.resolve("cnc-jobs"))) {
            journals = s.filter(p -> p.toString().endsWith(".journal")).toList();
        }
        assertEquals(1, journals.size());
        assertTrue(Files.readString(journals.get(0)).endsWith("state completed\n"));
        long moves = device.acknowledged().stream().filter(l -> l.startsWith("G1")).count();
        assertTrue(moves > 50, moves + " drawing moves reached the machine");
        assertTrue(!Files.exists(home.resolve("out").resolve("coffee.svg")), "the pipeline's own outputs are replaced by the machine");
    }
}
