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
                   double pollHz) {
        Map<String, String> asSettings() {
            return Map.of("port", port, "baud", Integer.toString(baud), "mode", mode.name(), "stop.on.error", Boolean.toString(stopOnError),
                    "check", Boolean.toString(check), "poll.hz", Double.toString(pollHz));
        }

        static Options fromSettings(Map<String, String> s, String portOverride) {
            return new Options(portOverride != null ? portOverride : s.get("port"), Integer.parseInt(s.getOrDefault("baud", "115200")),
                    GrblConnection.Mode.valueOf(s.getOrDefault("mode", "CHARACTER_COUNTING")), Boolean.parseBoolean(s.getOrDefault("stop.on.error", "true")),
                    false, false, Boolean.parseBoolean(s.getOrDefault("check", "false")), Double.parseDouble(s.getOrDefault("poll.hz", "5")));
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
        if (grbl.alarm() != null && !o.unlock() && !o.home()) {
            throw new IOException("the controller is in alarm (" + grbl.alarm() + "); home it (home=true) or unlock it (unlock=true) if it is safe");
        }
        if (o.unlock()) grbl.command("$X", Duration.ofSeconds(3));
        if (o.home()) grbl.command("$H", Duration.ofMinutes(2));
        if (o.check()) grbl.command("$C", Duration.ofSeconds(3));
        if (fromLine > 1) {
            List<String> back = reposition(program, fromLine);
            listener.log("resuming at line " + fromLine + ": first " + String.join(", ", back));
            journal.event("reposition " + String.join("|", back));
            GrblConnection.StreamResult r = grbl.stream(back, 1, GrblConnection.Mode.SEND_AND_WAIT, true, null, null, cancelled, null);
            if (r.stop() != null) throw new IOException("could not move back to the last acknowledged position: " + r.stop().describe());
        }
        Duration poll = o.pollHz() > 0 ? Duration.ofNanos((long) (1e9 / o.pollHz())) : null;
        GrblConnection.StreamResult r = grbl.stream(program, fromLine, o.mode(), o.stopOnError(), poll, watchdog(poll),
                cancelled, (line, acked, total) -> {
                    journal.acknowledged(line);
                    listener.acknowledged(line, acked, total);
                });
        if (r.stop() != null && r.stop().kind() == GrblConnection.Failure.Kind.CANCELLED) {
            grbl.realtime('!'); // hold, then reset: GRBL's way to stop a job and drop what it has buffered
            Thread.sleep(200);
            grbl.realtime(0x18);
        } else if (r.stop() == null) {
            grbl.awaitIdle(Duration.ofMinutes(10));
        }
        if (o.check()) grbl.command("$C", Duration.ofSeconds(3));
        return r;
    }

    /**
     * Silence that means the controller is gone: three unanswered status polls, and at least 0.6 s (GRBL
     * answers ? within milliseconds even while busy), so that at 5 Hz a disconnect is seen within a second.
     */
    static Duration watchdog(Duration poll) {
        if (poll == null) return null;
        Duration three = poll.multipliedBy(3);
        return three.compareTo(Duration.ofMillis(600)) > 0 ? three : Duration.ofMillis(600);
    }

    /**
     * The moves that put the machine where the program stood just before {@code fromLine}: units,
     * absolute mode, a rapid to the last commanded X/Y, and the feed in force.
     */
    static List<String> reposition(List<String> program, int fromLine) {
        String x = null, y = null, f = null;
        for (int i = 0; i < fromLine - 1 && i < program.size(); i++) {
            String l = GrblConnection.clean(program.get(i)).toUpperCase(Locale.ROOT);
            for (String w : l.split("\\s+")) {
                if (w.startsWith("X")) x = w.substring(1);
                else if (w.startsWith("Y")) y = w.substring(1);
                else if (w.startsWith("F")) f = w.substring(1);
            }
        }
        List<String> back = new ArrayList<>(List.of("G21", "G90"));
        if (x != null || y != null) back.add("G0" + (x != null ? " X" + x : "") + (y != null ? " Y" + y : ""));
        if (f != null) back.add("F" + f);
        return back;
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
