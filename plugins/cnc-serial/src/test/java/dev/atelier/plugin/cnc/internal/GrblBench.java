package dev.atelier.plugin.cnc.internal;

import dev.atelier.test.grbl.GrblDevice;
import dev.atelier.test.grbl.Pty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Streaming figures for docs/cnc.md: {@code ./atelier bench-cnc}. Against the GRBL device over a socat
 * pseudo-terminal: short moves with no motion time, character counting against send-and-wait (best of 3
 * each), on the bare pseudo-terminal and with the device modelling a 115200-baud line and a USB adapter's
 * reply latency; then 500 moves in real time (0.54 mm at 1500 mm/min, 21.5 ms each), counting the moments
 * the planner ran dry after the first second.
 */
public final class GrblBench {
    public static void main(String[] args) throws Exception {
        List<String> program = GrblStreamingTest.moves(5000);
        System.out.printf(Locale.ROOT, "5004 lines, no motion time, best of 3 (lines per second)%n");
        System.out.printf(Locale.ROOT, "%-34s %12s %14s %7s%n", "line", "char counting", "send-and-wait", "ratio");
        for (long[] link : new long[][] {{0, 0}, {115200, 0}, {115200, 1000}, {115200, 4000}, {115200, 16000}}) {
            double[] rate = new double[2];
            for (GrblConnection.Mode mode : GrblConnection.Mode.values()) {
                double best = Double.MAX_VALUE;
                List<String> lines = link[0] == 0 ? program : program.subList(0, link[1] >= 4000 ? 303 : 1503);
                for (int run = 0; run < 3; run++) best = Math.min(best, run(lines, mode, 0, new int[1], (int) link[0], link[1]).nanos() / 1e9);
                rate[mode.ordinal()] = lines.size() / best;
            }
            String name = link[0] == 0 ? "pty only (no baud, no latency)" : String.format(Locale.ROOT, "115200 baud, %d ms reply latency", link[1] / 1000);
            System.out.printf(Locale.ROOT, "%-34s %12.0f %14.0f %6.1fx%n", name, rate[0], rate[1], rate[0] / rate[1]);
        }
        System.out.println();
        for (GrblConnection.Mode mode : GrblConnection.Mode.values()) {
            int[] starved = new int[1];
            GrblConnection.StreamResult r = run(program.subList(0, 503), mode, 1, starved, 115200, 1000);
            System.out.printf(Locale.ROOT, "real time, 115200 baud, 1 ms latency, %s: a 0.57 s move then 499 of 21.5 ms (11.3 s of motion) in %.2f s, planner ran dry %d times after the first second%n",
                    mode.name().toLowerCase(Locale.ROOT), r.nanos() / 1e9, starved[0]);
        }
        for (GrblConnection.Mode mode : GrblConnection.Mode.values()) {
            int[] starved = new int[1];
            GrblConnection.StreamResult r = run(fine(2000), mode, 1, starved, 115200, 1000);
            System.out.printf(Locale.ROOT, "real time, 115200 baud, 1 ms latency, %s: 2000 moves of 2 ms (4.3 s of motion) in %.2f s, planner ran dry %d times after the first second%n",
                    mode.name().toLowerCase(Locale.ROOT), r.nanos() / 1e9, starved[0]);
        }
    }

    /** n moves of 0.1 mm at 3000 mm/min: 2 ms each, shorter than a send-and-wait round trip on a real line. */
    static List<String> fine(int n) {
        List<String> lines = new java.util.ArrayList<>(List.of("G21", "G90", "F3000", "G1 X10 Y10"));
        for (int i = 1; i <= n; i++) lines.add(String.format(Locale.ROOT, "G1 X%.1f", 10 + i * 0.1));
        return lines;
    }

    static GrblConnection.StreamResult run(List<String> program, GrblConnection.Mode mode, double timeScale, int[] starved, int baud,
                                           long latencyMicros) throws Exception {
        Path dir = Files.createTempDirectory("grbl-bench");
        GrblDevice.Options o = new GrblDevice.Options();
        o.timeScale = timeScale;
        o.baud = baud;
        o.latencyMicros = latencyMicros;
        try (Pty pty = new Pty(dir); SerialLink link = SerialLink.open(pty.host.toString(), 115200);
             GrblDevice device = new GrblDevice(pty.device, o); GrblConnection grbl = new GrblConnection(link.in, link.out, "bench")) {
            grbl.awaitBanner(Duration.ofSeconds(5));
            device.expectMoves((int) program.stream().filter(l -> l.startsWith("G1 ")).count());
            GrblConnection.StreamResult r = grbl.stream(program, 1, mode, true, Duration.ofMillis(200), Duration.ofSeconds(1), () -> false, null);
            if (!r.completed()) throw new IllegalStateException(r.stop().describe());
            if (device.overflows.get() > 0) throw new IllegalStateException("receive buffer overflowed");
            grbl.awaitIdle(Duration.ofSeconds(60));
            starved[0] = device.starvedMoments.get();
            return r;
        } finally {
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }
}
