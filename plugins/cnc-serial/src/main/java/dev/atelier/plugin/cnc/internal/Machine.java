package dev.atelier.plugin.cnc.internal;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * An open GRBL controller: its port, the banner and settings it gave when opened, and the job it is
 * running, if any. Kept by {@link Machines} so that the shell's cnc:status, cnc:hold and cnc:reset reach
 * the same connection a job streams on (a serial port can be opened only once).
 */
final class Machine implements Closeable {
    final String port;
    final int baud;
    final GrblConnection grbl;
    final String banner;
    final Map<String, String> settings;
    private final SerialLink link;
    /** Opened with cnc:connect and kept open between jobs (otherwise a job opens and closes it). */
    volatile boolean persistent;
    volatile ActiveJob job;

    private Machine(String port, int baud, SerialLink link, GrblConnection grbl, String banner, Map<String, String> settings) {
        this.port = port;
        this.baud = baud;
        this.link = link;
        this.grbl = grbl;
        this.banner = banner;
        this.settings = settings;
    }

    /** Opens the port, waits for GRBL's banner (resetting a controller that stays silent) and reads its settings ($$). */
    static Machine open(String port, int baud, Duration bannerTimeout) throws IOException, InterruptedException {
        SerialLink link = SerialLink.open(port, baud);
        GrblConnection grbl = new GrblConnection(link.in, link.out, port);
        try {
            String banner = grbl.awaitBanner(bannerTimeout);
            Map<String, String> settings = grbl.settings(Duration.ofSeconds(3));
            return new Machine(port, baud, link, grbl, banner, settings);
        } catch (IOException | InterruptedException | RuntimeException e) {
            grbl.close();
            link.close();
            throw e;
        }
    }

    boolean alive() {
        return grbl.disconnectedReason() == null && link.port.isOpen();
    }

    /** One line on the controller: banner, maximum rate and travel from its settings. */
    String describe() {
        return banner + "; max rate X " + settings.getOrDefault("$110", "?") + " mm/min, travel " + settings.getOrDefault("$130", "?")
                + " x " + settings.getOrDefault("$131", "?") + " mm";
    }

    /** Feed hold (!): the machine decelerates and stops. */
    void hold() throws IOException {
        grbl.realtime('!');
    }

    /** Cycle start (~) after a feed hold. */
    void cycleStart() throws IOException {
        grbl.realtime('~');
    }

    /** Stops the running job (hold, then reset, by its runner; it stays resumable) and returns it, or soft-resets an idle controller and returns null. */
    ActiveJob stopJobOrReset() throws IOException {
        ActiveJob j = job;
        if (j != null) j.cancelRequested = true;
        else grbl.realtime(0x18);
        return j;
    }

    /** $X or $H, after the soft reset GRBL wants first when an alarm needs one. */
    void clearAlarm(String command, Duration timeout) throws IOException, InterruptedException {
        if (grbl.awaitingReset()) grbl.resetAndAwaitBanner(Duration.ofSeconds(3));
        grbl.command(command, timeout);
    }

    @Override public void close() {
        grbl.close();
        link.close();
    }

    /** A job streaming on a machine: for progress, time left, and to be cancelled by cnc:reset. */
    static final class ActiveJob {
        final String id;
        final int total;
        final long startNanos = System.nanoTime();
        /** The writer's estimate of the whole job in seconds (NaN for a G-code file, which has none). */
        final double estimatedSeconds;
        volatile int acknowledged;
        volatile boolean cancelRequested;

        ActiveJob(String id, int total, double estimatedSeconds) {
            this.id = id;
            this.total = total;
            this.estimatedSeconds = estimatedSeconds;
        }

        double fraction() {
            return total == 0 ? 1 : acknowledged / (double) total;
        }

        /**
         * Seconds left: from the pace so far once there is some (an ok means planned, so the pace runs a
         * planner's worth ahead of the pen), from the writer's estimate before that; NaN when neither.
         */
        double secondsLeft() {
            double f = fraction(), left = paceLeft(f, (System.nanoTime() - startNanos) / 1e9);
            return !Double.isNaN(left) || Double.isNaN(estimatedSeconds) ? left : estimatedSeconds * (1 - f);
        }

        String progressLine() {
            double left = secondsLeft();
            return String.format(Locale.ROOT, "job %s %s %d/%d lines, %s elapsed, %s left", id, bar(fraction()), acknowledged, total,
                    clock((System.nanoTime() - startNanos) / 1e9), Double.isNaN(left) ? "?" : clock(left));
        }
    }

    /** A 30-character bar and the percentage: {@code [#########.....................]  30%}. */
    static String bar(double fraction) {
        int filled = (int) Math.round(fraction * 30);
        return String.format(Locale.ROOT, "[%s%s] %3.0f%%", "#".repeat(filled), ".".repeat(30 - filled), 100 * fraction);
    }

    /** Seconds left at the pace so far: 0 when done, NaN until there is a pace (1 % and 2 s). */
    static double paceLeft(double fraction, double elapsedSeconds) {
        if (fraction >= 1) return 0;
        return fraction > 0.01 && elapsedSeconds > 2 ? elapsedSeconds / fraction * (1 - fraction) : Double.NaN;
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
