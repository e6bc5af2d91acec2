package dev.atelier.plugin.cnc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atelier.test.grbl.GrblDevice;
import dev.atelier.test.grbl.Pty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streamer against a GRBL 1.1 device over a real pseudo-terminal made by socat; the host side
 * opens its end through jSerialComm by path, as it would open /dev/ttyACM0.
 */
class GrblStreamingTest {
    static final Duration POLL = Duration.ofMillis(200), WATCHDOG = CncRunner.watchdog(POLL, 600);

    @TempDir Path dir;
    Pty pty;
    GrblDevice device;
    SerialLink link;
    GrblConnection grbl;

    @BeforeEach void skipWithoutSocat() {
        assumeTrue(Pty.socatInstalled(), "socat is not installed (apt-get install socat; .ci/run does)");
    }

    void connect(GrblDevice.Options options) throws Exception {
        pty = new Pty(dir);
        link = SerialLink.open(pty.host.toString(), 115200);
        device = new GrblDevice(pty.device, options);
        grbl = new GrblConnection(link.in, link.out, "test");
        assertEquals(GrblDevice.BANNER, grbl.awaitBanner(Duration.ofSeconds(5)));
    }

    @AfterEach void disconnect() throws Exception {
        if (grbl != null) grbl.close();
        if (device != null) device.close();
        if (link != null) link.close();
        if (pty != null) pty.close();
    }

    /** n short moves along a zigzag, as linify's G-code looks. */
    static List<String> moves(int n) {
        List<String> lines = new ArrayList<>(List.of("G21", "G90", "F1500"));
        for (int i = 0; i < n; i++) lines.add(String.format(Locale.ROOT, "G1 X%.2f Y%.2f", 10 + (i % 500) * 0.2, 10 + (i % 2) * 0.5));
        lines.add("M2");
        return lines;
    }

    @Test void streamsEveryLineOnceWithinGrblsBuffersInBothModes() throws Exception {
        connect(new GrblDevice.Options());
        Map<String, String> settings = grbl.settings(Duration.ofSeconds(2));
        assertEquals("1500.000", settings.get("$110"));
        List<String> program = moves(2000);
        for (GrblConnection.Mode mode : GrblConnection.Mode.values()) {
            int before = device.received().size();
            GrblConnection.StreamResult r = grbl.stream(program, 1, mode, true, POLL, WATCHDOG, () -> false, null);
            assertTrue(r.completed(), mode + ": " + (r.stop() == null ? "" : r.stop().describe()));
            assertEquals(program.size(), r.acknowledged());
            assertEquals(program, device.received().subList(before, before + program.size()), mode + ": every line arrives once, in order");
        }
        assertEquals(0, device.overflows.get(), "the 128-byte receive buffer never overflowed");
        assertEquals(0, device.plannerOverflows.get());
        assertEquals(109.8, device.position()[0], 1e-9);
    }

    @Test void anErrorStopsTheStreamAndNamesTheLineAndGrblsMessage() throws Exception {
        GrblDevice.Options o = new GrblDevice.Options();
        o.errorOnLine = 40; // the 40th G-code line: program line 40
        o.errorCode = 22;
        connect(o);
        List<String> program = moves(100);
        GrblConnection.StreamResult r = grbl.stream(program, 1, GrblConnection.Mode.CHARACTER_COUNTING, true, POLL, WATCHDOG, () -> false, null);
        assertNotNull(r.stop());
        assertEquals(GrblConnection.Failure.Kind.ERROR, r.stop().kind());
        assertEquals(40, r.stop().lineNumber());
        assertEquals(program.get(39), r.stop().line());
        assertEquals("line 40 '" + program.get(39) + "': error:22 Feed rate has not yet been set or is undefined.", r.stop().describe());
        assertTrue(r.sent() < program.size(), "sending stopped: " + r.sent());
        assertEquals(Math.max(40, r.lastAcknowledgedLine()) + 1, r.resumeLine(), "a resume goes on after the refused line and what still ran");
        // continuing past errors instead reports the error and finishes
        GrblConnection.StreamResult goOn = grbl.stream(moves(10), 1, GrblConnection.Mode.CHARACTER_COUNTING, false, POLL, WATCHDOG, () -> false, null);
        assertTrue(goOn.stop() == null && goOn.errors().isEmpty() && goOn.acknowledged() == 14, "line numbers of the device moved on");
    }

    @Test void anAlarmStopsSendingAndIsReported() throws Exception {
        GrblDevice.Options o = new GrblDevice.Options();
        o.alarmAfterLine = 500;
        connect(o);
        List<String> program = moves(3000);
        GrblConnection.StreamResult r = grbl.stream(program, 1, GrblConnection.Mode.CHARACTER_COUNTING, true, POLL, WATCHDOG, () -> false, null);
        assertNotNull(r.stop());
        assertEquals(GrblConnection.Failure.Kind.ALARM, r.stop().kind());
        assertEquals(1, r.stop().code());
        assertTrue(r.stop().describe().startsWith("ALARM:1 hard limit: Hard limit triggered."), r.stop().describe());
        // never keep sending into an alarm: at most what was already in the 128-byte buffer follows line 500
        int after = device.received().size() - 500;
        assertTrue(after <= 128 / 12 + 1, after + " lines were sent after the alarm line");
        assertEquals(500, r.lastAcknowledgedLine());
        assertEquals("Alarm", grbl.pollStatus(Duration.ofSeconds(1)).mainState());
    }

    @Test void aDisconnectMidJobIsDetectedWithinASecond() throws Exception {
        GrblDevice.Options o = new GrblDevice.Options();
        o.disconnectAfterLine = 700;
        connect(o);
        long t0 = System.nanoTime();
        long[] lastAck = {0};
        GrblConnection.StreamResult r = grbl.stream(moves(3000), 1, GrblConnection.Mode.CHARACTER_COUNTING, true, POLL, WATCHDOG, () -> false,
                (line, acked, total) -> lastAck[0] = System.nanoTime());
        long detected = System.nanoTime() - lastAck[0];
        assertNotNull(r.stop());
        assertEquals(GrblConnection.Failure.Kind.DISCONNECTED, r.stop().kind(), r.stop().describe());
        assertEquals(700, r.lastAcknowledgedLine());
        assertTrue(detected < 1_000_000_000L, "detected " + detected / 1e6 + " ms after the last ok");
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L);
    }

    @Test void statusHoldAndResumeWorkWhileMoving() throws Exception {
        GrblDevice.Options o = new GrblDevice.Options();
        o.timeScale = 0.5; // half of real time: a 0.54 mm zigzag move, corners included, takes about 70 ms
        connect(o);
        List<String> program = moves(60);
        Thread streamer = new Thread(() -> {
            try {
                grbl.stream(program, 1, GrblConnection.Mode.CHARACTER_COUNTING, true, POLL, WATCHDOG, () -> false, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        streamer.start();
        Thread.sleep(300);
        assertEquals("Run", grbl.pollStatus(Duration.ofSeconds(1)).mainState());
        grbl.realtime('!');
        Thread.sleep(50);
        GrblStatus held = grbl.pollStatus(Duration.ofSeconds(1));
        assertEquals("Hold", held.mainState());
        Thread.sleep(300);
        assertEquals(held.machinePosition()[0], grbl.pollStatus(Duration.ofSeconds(1)).machinePosition()[0], 1e-9, "no motion during a hold");
        grbl.realtime('~');
        streamer.join(20_000);
        assertTrue(!streamer.isAlive());
        assertEquals(10 + 59 * 0.2, grbl.awaitIdle(Duration.ofSeconds(5)).machinePosition()[0], 1e-9,
                "idle at the last move's end");
        assertNull(grbl.alarm());
    }

    /** The program line of each motion line, in order. */
    static List<Integer> motionLines(List<String> program) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < program.size(); i++) if (GrblConnection.isMotion(GrblConnection.clean(program.get(i)))) out.add(i + 1);
        return out;
    }

    @Test void aResetFromElsewhereStopsAtOnceAndKnowsWhichLinesWereDrawn() throws Exception {
        GrblDevice.Options o = new GrblDevice.Options();
        o.timeScale = 1;
        connect(o);
        grbl.command("$10=3", Duration.ofSeconds(1)); // status reports with the planner's free blocks
        List<String> program = moves(400);
        Thread resetter = new Thread(() -> {
            try {
                Thread.sleep(1200);
                device.injectReset(); // another program, or the board's reset button
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        resetter.start();
        long t0 = System.nanoTime();
        GrblConnection.StreamResult r = grbl.stream(program, 1, GrblConnection.Mode.CHARACTER_COUNTING, true, POLL, WATCHDOG, () -> false, null);
        long took = System.nanoTime() - t0;
        resetter.join();
        assertNotNull(r.stop());
        assertEquals(GrblConnection.Failure.Kind.ALARM, r.stop().kind(), r.stop().describe());
        assertEquals(3, r.stop().code());
        assertTrue(r.stop().describe().startsWith("ALARM:3 reset while in motion"), r.stop().describe());
        assertTrue(took < 3_000_000_000L, "stopped waiting for the dropped lines at once: " + took / 1e6 + " ms");
        // an ok means planned: the resume line is the first move not drawn, never one after it
        int drawn = device.executed().size();
        int firstNotDrawn = motionLines(program).get(drawn);
        assertTrue(r.resumeLine() <= firstNotDrawn, "resume at " + r.resumeLine() + " but line " + firstNotDrawn + " was never drawn");
        // never more than a planner's worth early (a status report is at most a poll old; a loaded machine makes it older)
        assertTrue(r.resumeLine() >= firstNotDrawn - GrblDevice.PLANNER, "resume at " + r.resumeLine() + ", first not drawn " + firstNotDrawn);
        assertTrue(r.lastAcknowledgedLine() > firstNotDrawn, "lines were acknowledged but not drawn, as with real GRBL");
        assertEquals("ALARM:3", grbl.alarm(), "locked, as GRBL says after the banner");
        grbl.command("$X", Duration.ofSeconds(1));
        assertNull(grbl.alarm(), "$X's ok clears the alarm, as in GRBL");
        assertEquals("Idle", grbl.pollStatus(Duration.ofSeconds(1)).mainState());
    }

    @Test void aSoftLimitIsAnAlarmNotADisconnectAndTheHostResetsIt() throws Exception {
        connect(new GrblDevice.Options());
        device.setting("$20", "1");
        List<String> program = new ArrayList<>(moves(50));
        program.add(program.size() - 1, "G1 X170 Y10"); // past $130=150
        long t0 = System.nanoTime();
        GrblConnection.StreamResult r = grbl.stream(program, 1, GrblConnection.Mode.CHARACTER_COUNTING, true, POLL, WATCHDOG, () -> false, null);
        assertNotNull(r.stop());
        assertEquals(GrblConnection.Failure.Kind.ALARM, r.stop().kind(), r.stop().describe());
        assertEquals(2, r.stop().code());
        assertTrue(r.stop().describe().startsWith("ALARM:2 soft limit: G-code motion target exceeds machine travel.")
                && r.stop().describe().contains("sent one (0x18)"), r.stop().describe());
        assertTrue(System.nanoTime() - t0 < 4_000_000_000L);
        assertEquals(1, device.resets.get(), "the host reset it: GRBL hears nothing else after a limit alarm");
        assertEquals("Alarm", grbl.pollStatus(Duration.ofSeconds(1)).mainState(), "it answers again, locked");
        grbl.command("$X", Duration.ofSeconds(1));
        assertEquals("Idle", grbl.pollStatus(Duration.ofSeconds(1)).mainState());
    }

    @Test void aCriticalAlarmsSilenceIsNotTakenForALostPort() throws Exception {
        GrblDevice.Options o = new GrblDevice.Options();
        o.alarmAfterLine = 30;
        connect(o);
        GrblConnection.StreamResult r = grbl.stream(moves(200), 1, GrblConnection.Mode.CHARACTER_COUNTING, true, POLL, WATCHDOG, () -> false, null);
        assertEquals(GrblConnection.Failure.Kind.ALARM, r.stop().kind(), r.stop().describe());
        assertEquals(1, r.stop().code());
        assertNull(grbl.disconnectedReason());
    }

    @Test void theDefaultSilenceBeforeAPortCountsAsLostIsTwoSeconds() {
        assertEquals(Duration.ofMillis(2000), CncRunner.watchdog(Duration.ofMillis(200)));
        assertEquals(Duration.ofMillis(600), CncRunner.watchdog(Duration.ofMillis(200), 600));
        assertEquals(Duration.ofMillis(1500), CncRunner.watchdog(Duration.ofMillis(500), 600), "never under three status polls");
    }

    @Test void commentsAndOverlongLinesAreHandledBeforeSending() {
        assertEquals("G1 X1", GrblConnection.clean("G1 X1 ; backlash"));
        assertEquals("G1 X2", GrblConnection.clean("G1 (move) X2"));
        assertEquals("", GrblConnection.clean("; estimated run time"));
    }
}
