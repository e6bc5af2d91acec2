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
    static final Duration POLL = Duration.ofMillis(200), WATCHDOG = CncRunner.watchdog(POLL);

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
        assertTrue(r.stop().describe().startsWith("ALARM:1 Hard limit triggered."), r.stop().describe());
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
        o.timeScale = 1; // real time: 0.54 mm at 1500 mm/min is 21.5 ms a move
        connect(o);
        List<String> program = moves(200);
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
        assertEquals(10 + 199 * 0.2, grbl.awaitIdle(Duration.ofSeconds(5)).machinePosition()[0], 1e-9,
                "idle at the last move's end");
        assertNull(grbl.alarm());
    }

    @Test void commentsAndOverlongLinesAreHandledBeforeSending() {
        assertEquals("G1 X1", GrblConnection.clean("G1 X1 ; backlash"));
        assertEquals("G1 X2", GrblConnection.clean("G1 (move) X2"));
        assertEquals("", GrblConnection.clean("; estimated run time"));
    }
}
