package dev.atelier.plugin.cnc.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Runs a program on an open GRBL controller from a given line: optionally unlocks, homes or enters check
 * mode, moves to where the program stood before that line (for a resume), streams with the journal
 * recording every acknowledgement, and waits for Idle.
 */
final class CncRunner {
    /** How to run. */
    record Options(String port, int baud, GrblConnection.Mode mode, boolean stopOnError, boolean unlock, boolean home, boolean check,
                   double pollHz, int silenceMs) {
        /** The default silence before a port counts as lost: GRBL answers '?' in milliseconds, but a busy machine once took 665 ms. */
        static final int SILENCE_MS = 2000;

        Options(String port, int baud, GrblConnection.Mode mode, boolean stopOnError, boolean unlock, boolean home, boolean check, double pollHz) {
            this(port, baud, mode, stopOnError, unlock, home, check, pollHz, SILENCE_MS);
        }

        Map<String, String> asSettings() {
            return Map.of("port", port, "baud", Integer.toString(baud), "mode", mode.name(), "stop.on.error", Boolean.toString(stopOnError),
                    "check", Boolean.toString(check), "poll.hz", Double.toString(pollHz), "silence.ms", Integer.toString(silenceMs));
        }

        static Options fromSettings(Map<String, String> s, String portOverride, boolean unlock, boolean home) {
            return new Options(portOverride != null ? portOverride : s.get("port"), Integer.parseInt(s.getOrDefault("baud", "115200")),
                    GrblConnection.Mode.valueOf(s.getOrDefault("mode", "CHARACTER_COUNTING")), Boolean.parseBoolean(s.getOrDefault("stop.on.error", "true")),
                    unlock, home, Boolean.parseBoolean(s.getOrDefault("check", "false")), Double.parseDouble(s.getOrDefault("poll.hz", "5")),
                    Integer.parseInt(s.getOrDefault("silence.ms", Integer.toString(SILENCE_MS))));
        }
    }

    /** Progress to report: acknowledged lines, total, and the controller's last status. */
    interface Listener {
        void acknowledged(int line, int acknowledged, int total);
        void log(String message);
    }

    private CncRunner() { }

    static GrblConnection.StreamResult run(Machine m, List<String> program, int fromLine, JobJournal journal, Options o, BooleanSupplier cancelled,
                                           Listener listener) throws IOException, InterruptedException {
        GrblConnection grbl = m.grbl;
        listener.log(m.describe());
        String beyond = beyondTravel(program, m.settings);
        if (beyond != null) listener.log("warning: " + beyond);
        if (grbl.awaitingReset()) grbl.resetAndAwaitBanner(Duration.ofSeconds(3));
        if (grbl.alarm() != null && !o.unlock() && !o.home()) {
            throw new IOException("the controller is in alarm (" + grbl.alarm() + " " + GrblCodes.alarmName(codeOf(grbl.alarm()))
                    + "): home it (cnc:home, or home=true) or, if you know its position is right, unlock it (cnc:unlock, or unlock=true)");
        }
        if (o.unlock()) grbl.command("$X", Duration.ofSeconds(3));
        if (o.home()) grbl.command("$H", Duration.ofMinutes(2));
        if (o.check()) grbl.command("$C", Duration.ofSeconds(3));
        // the planner's free blocks in status reports ($10 bit 1) tell how far the pen really got: asked for for the job
        String mask = m.settings.get("$10");
        int userMask = mask == null ? -1 : (int) number(mask);
        boolean maskChanged = false;
        if (userMask >= 0 && (userMask & 2) == 0) {
            grbl.command("$10=" + (userMask | 2), Duration.ofSeconds(3));
            maskChanged = true;
        }
        try {
            if (fromLine > 1) {
                GrblStatus here = grbl.pollStatus(Duration.ofSeconds(2));
                List<String> back = retrace(program, fromLine, here.machinePosition());
                listener.log("resuming at line " + fromLine + " from X " + fmt(here.machinePosition(), 0) + " Y " + fmt(here.machinePosition(), 1)
                        + ": " + back.size() + " moves back along the drawn path first (" + String.join(", ", back.subList(0, Math.min(4, back.size())))
                        + (back.size() > 4 ? ", ..." : "") + ")");
                journal.event("retrace " + back.size() + " moves from " + fmt(here.machinePosition(), 0) + "," + fmt(here.machinePosition(), 1));
                GrblConnection.StreamResult r = grbl.stream(back, 1, GrblConnection.Mode.CHARACTER_COUNTING, true, null, null, cancelled, null);
                if (r.stop() != null) throw new IOException("could not move back along the path to line " + fromLine + ": " + r.stop().describe());
            }
            Duration poll = o.pollHz() > 0 ? Duration.ofNanos((long) (1e9 / o.pollHz())) : null;
            GrblConnection.StreamResult r = grbl.stream(program, fromLine, o.mode(), o.stopOnError(), poll, watchdog(poll, o.silenceMs()),
                    cancelled, (line, acked, total) -> {
                        journal.acknowledged(line);
                        listener.acknowledged(line, acked, total);
                    });
            if (r.stop() != null && r.stop().kind() == GrblConnection.Failure.Kind.CANCELLED) {
                grbl.realtime(0x18); // after the stream's feed hold: GRBL's way to stop a job and drop what it has buffered
                grbl.resetAndAwaitBanner(Duration.ofSeconds(2));
            } else if (r.stop() == null) {
                grbl.awaitIdle(Duration.ofMinutes(10));
            }
            if (r.stop() != null) {
                journal.stopped(r.resumeLine(), r.position());
                if (r.stop().kind() == GrblConnection.Failure.Kind.ERROR && r.lastAcknowledgedLine() > r.stop().lineNumber()) {
                    journal.event("error:" + r.stop().code() + " on line " + r.stop().lineNumber() + "; lines " + (r.stop().lineNumber() + 1) + "-"
                            + r.lastAcknowledgedLine() + ", already sent, still ran");
                }
            }
            if (o.check()) grbl.command("$C", Duration.ofSeconds(3));
            return r;
        } finally {
            if (maskChanged && grbl.disconnectedReason() == null) {
                try {
                    if (grbl.awaitingReset()) grbl.resetAndAwaitBanner(Duration.ofSeconds(3));
                    grbl.command("$10=" + userMask, Duration.ofSeconds(3)); // the user's status mask back
                } catch (IOException e) {
                    listener.log("warning: could not restore the status mask $10=" + userMask + ": " + e.getMessage());
                }
            }
        }
    }

    private static int codeOf(String alarm) {
        try {
            return Integer.parseInt(alarm.substring(alarm.indexOf(':') + 1).trim());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static String fmt(double[] p, int i) {
        return p == null || p.length <= i ? "?" : String.format(Locale.ROOT, "%.3f", p[i]);
    }

    /**
     * Silence that means the controller is gone: the configured time, and never less than three unanswered
     * status polls. A critical alarm's silence is told apart by the stream (GRBL said ALARM first).
     */
    static Duration watchdog(Duration poll, int silenceMs) {
        if (poll == null) return null;
        Duration three = poll.multipliedBy(3), configured = Duration.ofMillis(silenceMs);
        return three.compareTo(configured) > 0 ? three : configured;
    }

    static Duration watchdog(Duration poll) {
        return watchdog(poll, Options.SILENCE_MS);
    }

    /**
     * The moves that take the machine from where it stands to where the program stood just before
     * {@code fromLine}, along the program's own path: on an Etch-a-Sketch every move draws, so a straight
     * jump across the picture would ruin it. From the path's point nearest the machine (usually the start
     * of the move it was drawing when it stopped), the moves run back over already drawn segments, as G1 at
     * the feed in force. Without a known position the path is replayed from its start.
     */
    static List<String> retrace(List<String> program, int fromLine, double[] position) {
        List<double[]> path = new ArrayList<>(); // the program's position after each motion line before fromLine
        double x = 0, y = 0;
        String f = null;
        path.add(new double[] {0, 0});
        for (int i = 0; i < fromLine - 1 && i < program.size(); i++) {
            String l = GrblConnection.clean(program.get(i)).toUpperCase(Locale.ROOT);
            boolean moved = false;
            for (String w : l.split("\\s+")) {
                try {
                    if (w.startsWith("X")) { x = Double.parseDouble(w.substring(1)); moved = true; }
                    else if (w.startsWith("Y")) { y = Double.parseDouble(w.substring(1)); moved = true; }
                    else if (w.startsWith("F")) f = w.substring(1);
                } catch (NumberFormatException ignored) {
                    // GRBL said what was wrong with it when it ran
                }
            }
            if (moved) path.add(new double[] {x, y});
        }
        int from = 0;
        if (position != null && position.length >= 2) {
            double best = Double.MAX_VALUE;
            for (int k = 0; k < path.size(); k++) {
                double d = Math.hypot(path.get(k)[0] - position[0], path.get(k)[1] - position[1]);
                if (d <= best + 1e-9) { best = d; from = k; } // the latest of equally near points: the least to redraw
            }
        }
        if (f == null) { // no feed set yet at that point: the program's first one (GRBL refuses G1 without a feed)
            for (String raw : program) {
                for (String w : GrblConnection.clean(raw).toUpperCase(Locale.ROOT).split("\\s+")) if (f == null && w.startsWith("F")) f = w.substring(1);
            }
        }
        List<String> moves = new ArrayList<>(List.of("G21", "G90"));
        moves.add("F" + (f != null ? f : "1000"));
        for (int k = from; k < path.size(); k++) {
            double[] p = path.get(k);
            moves.add(String.format(Locale.ROOT, "G1 X%s Y%s", trim(p[0]), trim(p[1])));
        }
        return moves;
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * Whether the program goes beyond the travel the controller has set ($130, $131): a warning, not a
     * refusal, since many machines run with those settings left at their defaults.
     */
    static String beyondTravel(List<String> program, Map<String, String> settings) {
        double maxX = 0, maxY = 0;
        for (String raw : program) {
            for (String w : GrblConnection.clean(raw).toUpperCase(Locale.ROOT).split("\\s+")) {
                try {
                    if (w.startsWith("X")) maxX = Math.max(maxX, Math.abs(Double.parseDouble(w.substring(1))));
                    else if (w.startsWith("Y")) maxY = Math.max(maxY, Math.abs(Double.parseDouble(w.substring(1))));
                } catch (NumberFormatException ignored) {
                    // GRBL will say what is wrong with the word
                }
            }
        }
        double tx = number(settings.get("$130")), ty = number(settings.get("$131"));
        if (tx > 0 && maxX > tx || ty > 0 && maxY > ty) {
            return String.format(Locale.ROOT, "the program reaches X %.2f, Y %.2f mm but the controller's travel ($130, $131) is %.0f x %.0f mm: "
                    + "check the machine profile, or set $130/$131 to the machine's real travel", maxX, maxY, tx, ty);
        }
        return null;
    }

    private static double number(String s) {
        try {
            return s == null ? 0 : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
