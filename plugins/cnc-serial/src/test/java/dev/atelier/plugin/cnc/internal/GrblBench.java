package dev.atelier.plugin.cnc.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Streaming figures for docs/cnc.md: {@code ./atelier bench-cnc}. Against the GRBL device over a socat
 * pseudo-terminal: 5000 short moves with no motion time, character counting against send-and-wait
 * (best of 3 each); then 1000 of the moves in real time (0.54 mm at 1500 mm/min, 21.5 ms each), counting
 * the moments the planner ran dry after the first second. The pseudo-terminal has no baud rate and no USB
 * latency, so send-and-wait loses less here than on a real controller.
 */
public final class GrblBench {
    public static void main(String[] args) throws Exception {
        List<String> program = GrblStreamingTest.moves(5000);
        System.out.printf(Locale.ROOT, "%-22s %10s %12s %10s%n", "mode", "lines", "seconds", "lines/s");
        double[] rate = new double[2];
        for (GrblConnection.Mode mode : GrblConnection.Mode.values()) {
            double best = Double.MAX_VALUE;
            for (int run = 0; run < 3; run++) best = Math.min(best, run(program, mode, 0).nanos() / 1e9);
            rate[mode.ordinal()] = program.size() / best;
            System.out.printf(Locale.ROOT, "%-22s %10d %12.3f %10.0f%n", mode.name().toLowerCase(Locale.ROOT), program.size(), best, rate[mode.ordinal()]);
        }
        System.out.printf(Locale.ROOT, "character counting / send-and-wait: %.1fx%n%n", rate[0] / rate[1]);
        for (GrblConnection.Mode mode : GrblConnection.Mode.values()) {
            int[] starved = new int[1];
            GrblConnection.StreamResult r = run(program.subList(0, 1003), mode, 1, starved);
            System.out.printf(Locale.ROOT, "real time, %s: 1000 moves of 21.5 ms in %.2f s, planner ran dry %d times after the first second%n",
                    mode.name().toLowerCase(Locale.ROOT), r.nanos() / 1e9, starved[0]);
        }
    }

    static GrblConnection.StreamResult run(List<String> program, GrblConnection.Mode mode, double timeScale) throws Exception {
        return run(program, mode, timeScale, new int[1]);
    }

    static GrblConnection.StreamResult run(List<String> program, GrblConnection.Mode mode, double timeScale, int[] starved) throws Exception {
        Path dir = Files.createTempDirectory("grbl-bench");
        GrblDevice.Options o = new GrblDevice.Options();
        o.timeScale = timeScale;
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
