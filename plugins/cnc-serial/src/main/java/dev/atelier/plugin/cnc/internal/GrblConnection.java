package dev.atelier.plugin.cnc.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * GRBL 1.1's serial protocol over a pair of streams (a jSerialComm port's, in the bundle). A reader
 * thread sorts what GRBL says: {@code ok} and {@code error:N} answer lines in order, {@code <...>} is a
 * status report, {@code ALARM:N} an alarm, {@code Grbl 1.1x ['$' for help]} the start-up banner.
 * Real-time commands ({@code ?}, {@code !}, {@code ~}, 0x18) bypass the line buffer and are sent at once.
 *
 * <p>Streaming uses GRBL's character counting: GRBL has a 128-byte receive buffer, so lines are sent
 * while the bytes of all unanswered lines fit in it, and each {@code ok} frees its line's bytes. The
 * planner then always has the next moves and never starves, unlike send-and-wait, which leaves GRBL idle
 * for a round trip per line (kept as an option for controllers that need it).
 */
final class GrblConnection implements Closeable {
    static final int RX_BUFFER = 128;
    /** GRBL's LINE_BUFFER_SIZE: a longer line is refused with error:11. */
    static final int MAX_LINE = 80;

    enum Mode { CHARACTER_COUNTING, SEND_AND_WAIT }

    /** Why a stream stopped early, or an error that was passed over. */
    record Failure(Kind kind, int lineNumber, String line, int code, String message) {
        enum Kind { ERROR, ALARM, DISCONNECTED, CANCELLED, REFUSED }

        String describe() {
            return switch (kind) {
                case ERROR -> "line " + lineNumber + " '" + line + "': error:" + code + " " + message;
                case ALARM -> "ALARM:" + code + " " + GrblCodes.alarmName(code) + ": " + message
                        + (critical(code) ? " GRBL answers nothing after it until a reset, so Atelier sent one (0x18)." : "")
                        + (lineNumber > 0 ? " (after line " + lineNumber + " was acknowledged)" : "");
                case DISCONNECTED -> "the controller went away: " + message + (lineNumber > 0 ? " (last acknowledged line " + lineNumber + ")" : "");
                case CANCELLED -> "cancelled" + (lineNumber > 0 ? " after line " + lineNumber : "");
                case REFUSED -> "line " + lineNumber + " '" + line + "': " + message;
            };
        }
    }

    /**
     * How a stream went: counts of sendable lines, lines sent and acknowledged, errors passed over, and why it stopped.
     * An {@code ok} means planned, not drawn: {@code resumeLine} is the first program line not known to be
     * finished (from the planner blocks still queued in the last status report before the stop), and
     * {@code position} where that report put the machine (null when none came).
     */
    record StreamResult(int total, int sent, int acknowledged, int lastAcknowledgedLine, List<Failure> errors, Failure stop, long nanos,
                        int resumeLine, double[] position) {
        boolean completed() { return stop == null && acknowledged == total; }
    }

    /** Alarms after which GRBL 1.1 answers nothing, not even '?', until a soft reset: hard limit, soft limit (and e-stop on some builds). */
    static boolean critical(int alarmCode) {
        return alarmCode == 1 || alarmCode == 2 || alarmCode == 10;
    }

    /** Called on the streaming thread for every acknowledged line. */
    interface Progress {
        void acknowledged(int lineNumber, int acknowledged, int total);
    }

    private final InputStream in;
    private final OutputStream out;
    private final Thread reader;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> other = new LinkedBlockingQueue<>(); // settings and messages, in order
    private final Object bannerLock = new Object();
    private volatile String banner;
    private volatile String alarm;
    /** The code of the last ALARM:N seen (kept across the reset that follows it), and the status just before it. */
    private volatile int lastAlarmCode;
    private volatile Report reportAtAlarm;
    /** A status report with the number of oks read before it: the two travel on one wire, so this ties a Bf: count to the lines acknowledged by then. */
    private record Report(GrblStatus status, long oks) { }
    private volatile Report report;
    private volatile long oks;
    /** The oks read before the last alarm or banner: those lines were acknowledged before GRBL dropped its buffer. */
    private volatile long oksAtEvent;
    /** A critical alarm: GRBL is silent until it gets 0x18, so silence now is expected, not a lost port. */
    private volatile boolean awaitingReset;
    /** Banners seen: each is a reset, and a reset drops every line GRBL had buffered. */
    private volatile int resets;
    /** The planner's size, as an idle status report gave it (15 on an Uno); 0 until one did. */
    private volatile int plannerCapacity;
    private volatile GrblStatus status;
    private volatile String disconnected;
    private volatile long lastHeard = System.nanoTime();
    private volatile boolean closed;

    GrblConnection(InputStream in, OutputStream out, String name) {
        this.in = in;
        this.out = out;
        reader = new Thread(this::read, "grbl-reader " + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        StringBuilder line = new StringBuilder();
        try {
            while (!closed) {
                int b;
                try {
                    b = in.read();
                } catch (InterruptedIOException timeout) {
                    continue; // jSerialComm's read timeout: nothing arrived
                }
                if (b < 0) {
                    disconnected = "end of stream";
                    return;
                }
                lastHeard = System.nanoTime();
                if (b == '\n') {
                    dispatch(line.toString().trim());
                    line.setLength(0);
                } else if (b != '\r') {
                    line.append((char) b);
                }
            }
        } catch (IOException e) {
            if (!closed) disconnected = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        } finally {
            synchronized (bannerLock) {
                bannerLock.notifyAll();
            }
        }
    }

    private void dispatch(String s) {
        if (s.isEmpty()) return;
        if (s.equals("ok") || s.startsWith("error:")) {
            if (s.equals("ok")) oks++;
            replies.add(s);
        }
        else if (s.startsWith("<")) {
            try {
                GrblStatus st = GrblStatus.parse(s);
                // idle, the planner is empty: its free blocks are its size
                if (st.mainState().equals("Idle") && st.plannerFree() > plannerCapacity) plannerCapacity = st.plannerFree();
                status = st;
                report = new Report(st, oks);
            } catch (RuntimeException e) {
                other.add(s); // a report we cannot read is kept as a message
            }
        } else if (s.startsWith("ALARM:")) {
            reportAtAlarm = report;
            oksAtEvent = oks;
            lastAlarmCode = code(s);
            if (critical(lastAlarmCode)) awaitingReset = true;
            alarm = s;
        } else if (s.startsWith("Grbl ")) {
            synchronized (bannerLock) {
                banner = s;
                if (alarm == null) oksAtEvent = oks; // a reset with no alarm before it
                resets++;
                awaitingReset = false;
                alarm = null; // a reset clears the alarm state on our side; GRBL says again if it is still locked
                bannerLock.notifyAll();
            }
        } else {
            // after a banner, GRBL says this when it starts locked (position unknown after a reset in motion, or homing required)
            if (s.equals("[MSG:'$H'|'$X' to unlock]") && alarm == null) alarm = "ALARM:" + lastAlarmCode;
            if (s.equals("[MSG:Reset to continue]")) awaitingReset = true;
            other.add(s);
        }
    }

    /** Sends a real-time command byte, outside the line buffer. */
    void realtime(int command) throws IOException {
        synchronized (out) {
            out.write(command);
            out.flush();
        }
    }

    private void send(String line) throws IOException {
        byte[] b = (line + "\n").getBytes(StandardCharsets.US_ASCII);
        synchronized (out) {
            out.write(b);
            out.flush();
        }
    }

    GrblStatus status() { return status; }
    String banner() { return banner; }
    String alarm() { return alarm; }
    boolean awaitingReset() { return awaitingReset; }
    int resets() { return resets; }

    /**
     * Soft-resets GRBL and waits for its banner: how to leave a critical alarm (GRBL answers nothing else),
     * and what drops the lines it has buffered. True when the banner came.
     */
    boolean resetAndAwaitBanner(Duration timeout) throws IOException, InterruptedException {
        int before = resets;
        realtime(0x18);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (bannerLock) {
            while (resets == before && disconnected == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                bannerLock.wait(Math.max(1, left / 1_000_000));
            }
        }
        Thread.sleep(50); // the unlock message follows the banner
        return resets != before;
    }
    String disconnectedReason() { return disconnected; }

    /** Asks for a status report and waits for it. */
    GrblStatus pollStatus(Duration timeout) throws IOException, InterruptedException {
        GrblStatus before = status;
        realtime('?');
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (status != before && status != null) return status;
            if (disconnected != null) throw new IOException("the controller went away: " + disconnected);
            Thread.sleep(2);
        }
        throw new IOException("no status report within " + timeout.toMillis() + " ms: is the controller a GRBL, and is the baud rate right?");
    }

    /**
     * Waits until GRBL reports Idle: an {@code ok} means a line is planned, not done, so a job ends
     * when the planner has run out as well.
     */
    GrblStatus awaitIdle(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            GrblStatus s = pollStatus(Duration.ofSeconds(1));
            if (s.mainState().equals("Idle")) return s;
            if (s.mainState().equals("Alarm")) throw new IOException("the controller is in alarm: " + (alarm == null ? s.raw() : alarm));
            if (System.nanoTime() > deadline) throw new IOException("still " + s.mainState() + " after " + timeout.toSeconds() + " s");
            Thread.sleep(20);
        }
    }

    /**
     * Waits for GRBL's banner: an Arduino resets when the port opens and prints it; a GRBL that was
     * already running stays silent, so after half the time a soft reset makes it print the banner again.
     * (Waking it with empty lines, as some senders do, leaves stray {@code ok}s that would answer the
     * next command.)
     */
    String awaitBanner(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean resetSent = false;
        synchronized (bannerLock) {
            while (banner == null) {
                if (disconnected != null) throw new IOException("the controller went away: " + disconnected);
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("no 'Grbl 1.1' banner within " + timeout.toMillis() + " ms: check the port, the baud rate (GRBL uses 115200) "
                            + "and that the controller runs GRBL 1.1");
                }
                if (!resetSent && left < timeout.toNanos() / 2) {
                    realtime(0x18);
                    resetSent = true;
                }
                bannerLock.wait(Math.max(1, Math.min(left, timeout.toNanos() / 4) / 1_000_000));
            }
        }
        if (!banner.startsWith("Grbl 1.1")) throw new IOException("the controller says '" + banner + "'; Atelier speaks GRBL 1.1");
        return banner;
    }

    /** A system command ($$, $X, $H, $C) and its answer lines, up to and including ok. */
    List<String> command(String command, Duration timeout) throws IOException, InterruptedException {
        other.clear();
        replies.clear();
        send(command);
        String r = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) throw new IOException("no answer to " + command + " within " + timeout.toMillis() + " ms");
        List<String> lines = new ArrayList<>();
        other.drainTo(lines);
        if (!r.equals("ok")) {
            int code = code(r);
            throw new IOException(command + ": error:" + code + " " + GrblCodes.error(code));
        }
        // GRBL leaves the alarm state when $X is acknowledged or homing succeeds: so do we
        if (command.equals("$X") || command.equals("$H")) {
            alarm = null;
            lastAlarmCode = 0;
            reportAtAlarm = null;
        }
        return lines;
    }

    /** GRBL's settings ($$), by number: "$110" -> "1500.000". */
    Map<String, String> settings(Duration timeout) throws IOException, InterruptedException {
        Map<String, String> s = new LinkedHashMap<>();
        for (String l : command("$$", timeout)) {
            int eq = l.indexOf('=');
            if (l.startsWith("$") && eq > 0) s.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return s;
    }

    private static int code(String reply) {
        try {
            return Integer.parseInt(reply.substring(reply.indexOf(':') + 1).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** What GRBL gets of a program line: comments removed, spaces trimmed; empty when nothing is left. */
    static String clean(String raw) {
        StringBuilder b = new StringBuilder(raw.length());
        boolean paren = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (paren) { if (c == ')') paren = false; continue; }
            if (c == '(') { paren = true; continue; }
            if (c == ';') break;
            if (c != '\r' && c != '\n') b.append(c);
        }
        return b.toString().trim().replaceAll("\\s+", " ");
    }

    /**
     * Streams program lines. Line numbers in results are 1-based numbers of {@code lines}; lines that
     * are empty after {@link #clean} are skipped. Lines before {@code fromLine} are skipped too (for resume).
     *
     * @param stopOnError stop at the first error:N (true) or report it and go on
     * @param watchdog no byte from the controller for this long while lines are unanswered means it is gone
     *                 (status is polled at {@code pollEvery} to keep it talking)
     */
    StreamResult stream(List<String> lines, int fromLine, Mode mode, boolean stopOnError, Duration pollEvery, Duration watchdog,
                        BooleanSupplier cancelled, Progress progress) throws InterruptedException {
        List<String> text = new ArrayList<>();
        List<Integer> number = new ArrayList<>();
        for (int i = Math.max(0, fromLine - 1); i < lines.size(); i++) {
            String c = clean(lines.get(i));
            if (c.isEmpty()) continue;
            if (c.length() + 1 > MAX_LINE) {
                Failure f = new Failure(Failure.Kind.REFUSED, i + 1, c, 11, "longer than GRBL's " + MAX_LINE + "-character line buffer; nothing was sent");
                return new StreamResult(0, 0, 0, 0, List.of(), f, 0, fromLine, null);
            }
            text.add(c);
            number.add(i + 1);
        }
        if (plannerCapacity == 0) {
            try {
                pollStatus(Duration.ofMillis(500)); // idle before a job: tells the planner's size
            } catch (IOException ignored) {
                // the stream finds out what is wrong
            }
        }
        long t0 = System.nanoTime();
        replies.clear();
        ArrayDeque<Integer> inFlight = new ArrayDeque<>(); // indexes into text
        Acks acks = new Acks(text, number, progress);
        int used = 0, next = 0;
        List<Failure> errors = new ArrayList<>();
        Failure stop = null;
        Report atStop = null;
        long oksAtStart = oks;
        long nextPoll = System.nanoTime();
        lastHeard = System.nanoTime();
        int resetsAtStart = resets;
        try {
            while (acks.count + errors.size() < text.size() || !inFlight.isEmpty()) {
                // after an error the lines in flight still get answers (and run); a cancel does not wait for them,
                // as the hold and reset that follow drop whatever GRBL has buffered
                if (stop != null && (inFlight.isEmpty() || stop.kind() == Failure.Kind.CANCELLED)) break;
                if (resets != resetsAtStart || alarm != null || awaitingReset) {
                    // an alarm, or a reset from elsewhere (ALARM:3, the reset button): GRBL has dropped the lines it had
                    // buffered and will answer none of them, so stop waiting at once
                    atStop = reportAtAlarm != null ? reportAtAlarm : report;
                    // the oks GRBL sent before the alarm or reset are acknowledgements like any other
                    for (String r; acks.count < oksAtEvent - oksAtStart && !inFlight.isEmpty() && (r = replies.poll()) != null; ) {
                        int idx = inFlight.poll();
                        used -= text.get(idx).length() + 1;
                        if (!r.equals("ok")) continue;
                        acks.ok(idx);
                    }
                    stop = alarmFailure(acks.last);
                    if (awaitingReset) resetAndAwaitBanner(Duration.ofSeconds(3)); // it answers nothing else now
                    break;
                }
                if (stop == null && cancelled.getAsBoolean()) {
                    holdAndReport();
                    atStop = report;
                    stop = new Failure(Failure.Kind.CANCELLED, acks.last, null, 0, "cancelled");
                }
                while (stop == null && next < text.size()) {
                    int len = text.get(next).length() + 1;
                    boolean fits = mode == Mode.SEND_AND_WAIT ? inFlight.isEmpty() : used + len <= RX_BUFFER - 1;
                    if (!fits) break;
                    send(text.get(next));
                    inFlight.add(next);
                    used += len;
                    next++;
                }
                if (pollEvery != null && System.nanoTime() >= nextPoll) {
                    realtime('?');
                    nextPoll = System.nanoTime() + pollEvery.toNanos();
                }
                String r = replies.poll(5, TimeUnit.MILLISECONDS);
                if (r == null) {
                    boolean silent = watchdog != null && !inFlight.isEmpty() && System.nanoTime() - lastHeard > watchdog.toNanos();
                    if (disconnected != null || (silent && !awaitingReset)) {
                        String why = disconnected != null ? disconnected : "silent for " + watchdog.toMillis() + " ms";
                        atStop = report;
                        stop = new Failure(Failure.Kind.DISCONNECTED, acks.last, null, 0, why);
                        break;
                    }
                    continue;
                }
                if (inFlight.isEmpty()) continue; // an answer to something before this stream
                int idx = inFlight.poll();
                used -= text.get(idx).length() + 1;
                if (r.equals("ok")) {
                    acks.ok(idx);
                } else {
                    int code = code(r);
                    if (alarm != null || stop != null) continue; // lines refused because of the alarm or after the stop
                    Failure f = new Failure(Failure.Kind.ERROR, number.get(idx), text.get(idx), code, GrblCodes.error(code));
                    if (stopOnError) stop = f; else errors.add(f);
                }
            }
            if (stop == null && alarm != null) {
                atStop = reportAtAlarm != null ? reportAtAlarm : report;
                stop = alarmFailure(acks.last);
            }
            if (stop != null && stop.kind() == Failure.Kind.CANCELLED && atStop == null) atStop = report;
        } catch (IOException e) {
            atStop = report;
            stop = new Failure(Failure.Kind.DISCONNECTED, acks.last, null, 0, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        int resumeLine = acks.last + 1;
        // after error:N GRBL goes on drawing what it planned (no reset): every ok is drawn, and the refused line is skipped
        if (stop != null && stop.kind() == Failure.Kind.ERROR) resumeLine = Math.max(acks.last, stop.lineNumber()) + 1;
        if (stop != null && stop.kind() != Failure.Kind.ERROR) {
            // the moves acknowledged by the time of the report the planner count comes from (a report from before this stream: none)
            int acksThen = atStop == null ? acks.isMotion.size() : (int) Math.max(0, Math.min(acks.isMotion.size(), atStop.oks() - oksAtStart));
            int motionThen = 0;
            for (int i = 0; i < acksThen; i++) if (acks.isMotion.get(i)) motionThen++;
            resumeLine = firstUnfinished(acks.motion.subList(0, motionThen), acks.motion, acks.last, fromLine,
                    atStop == null || atStop.oks() < oksAtStart ? null : atStop.status());
        }
        GrblStatus where = atStop == null ? null : atStop.status();
        return new StreamResult(text.size(), next, acks.count, acks.last, errors, stop, System.nanoTime() - t0, resumeLine,
                where == null || where.machinePosition() == null ? null : where.machinePosition().clone());
    }

    /**
     * Feed hold, then the status once the machine has stopped: its position and the planner blocks left
     * say exactly which lines were drawn (the reset that ends a cancelled job would clear both).
     */
    private GrblStatus holdAndReport() throws IOException, InterruptedException {
        realtime('!');
        long deadline = System.nanoTime() + 1_500_000_000L;
        GrblStatus s = status;
        while (System.nanoTime() < deadline) {
            try {
                s = pollStatus(Duration.ofMillis(300));
            } catch (IOException e) {
                break;
            }
            if (s.state().equals("Hold:0") || s.mainState().equals("Idle") || s.mainState().equals("Alarm")) break;
            Thread.sleep(20);
        }
        return s;
    }

    /** Planner blocks assumed when no idle report told the size: more than any common GRBL build has, so nothing is skipped. */
    static final int UNKNOWN_PLANNER = 40;

    /** The lines a stream got an ok for: how many, the last, which of them put a move in the planner. */
    private static final class Acks {
        final List<String> text;
        final List<Integer> number;
        final Progress progress;
        final List<Integer> motion = new ArrayList<>();  // program lines acknowledged that put a block in the planner
        final List<Boolean> isMotion = new ArrayList<>(); // for each ok in order, whether its line was a move
        int count, last;

        Acks(List<String> text, List<Integer> number, Progress progress) {
            this.text = text;
            this.number = number;
            this.progress = progress;
        }

        void ok(int idx) {
            count++;
            last = number.get(idx);
            boolean move = isMotion(text.get(idx));
            if (move) motion.add(last);
            isMotion.add(move);
            if (progress != null) progress.acknowledged(last, count, text.size());
        }
    }

    /** A line that puts a block into GRBL's planner: a move with an axis word. */
    static boolean isMotion(String cleanLine) {
        String u = cleanLine.toUpperCase(java.util.Locale.ROOT);
        return u.contains("X") || u.contains("Y") || u.contains("Z");
    }

    /**
     * The first line not known to be finished. The blocks still in GRBL's planner at the last status report
     * ({@code capacity - Bf}) are the last acknowledged moves; the first of them was being drawn. Without a
     * {@code Bf:} field (status mask $10 without its buffer bit) a whole planner's worth is assumed unfinished,
     * so a resume draws some of the path twice rather than skip any.
     */
    int firstUnfinished(List<Integer> motionAtReport, List<Integer> allMotion, int lastAckedLine, int fromLine, GrblStatus at) {
        int capacity = plannerCapacity > 0 ? plannerCapacity : UNKNOWN_PLANNER;
        int unfinished = at != null && at.plannerFree() >= 0 ? Math.max(0, capacity - at.plannerFree()) : capacity;
        List<Integer> acked = at != null && at.plannerFree() >= 0 ? motionAtReport : allMotion;
        if (acked.size() == allMotion.size() && unfinished == 0) return lastAckedLine + 1;
        // motion lines finished by the report; and never fewer than the planner could not hold (a report from long ago)
        int done = Math.max(acked.size() - unfinished, allMotion.size() - capacity);
        if (done < 0) return allMotion.isEmpty() ? Math.max(1, fromLine) : allMotion.get(0);
        return done < allMotion.size() ? allMotion.get(done) : lastAckedLine + 1;
    }

    private Failure alarmFailure(int lastAckedLine) {
        int code = alarm != null ? code(alarm) : lastAlarmCode;
        if (code <= 0 && resets > 0 && lastAlarmCode == 0) {
            return new Failure(Failure.Kind.ALARM, lastAckedLine, null, 0, "the controller was reset during the job (by another program or its reset "
                    + "button); it dropped the lines it had buffered");
        }
        return new Failure(Failure.Kind.ALARM, lastAckedLine, null, code, GrblCodes.alarm(code));
    }

    @Override public void close() {
        closed = true;
        reader.interrupt();
    }
}
