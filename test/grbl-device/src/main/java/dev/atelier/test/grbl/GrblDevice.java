package dev.atelier.test.grbl;

import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A GRBL 1.1 controller in test code, on the device end of a pseudo-terminal. It keeps GRBL's limits
 * for real: a 128-byte receive buffer (a byte that arrives when it is full is counted as an overflow,
 * which the tests assert never happens) and a 15-block planner that the parser waits on before it
 * answers {@code ok}, as GRBL does. Moves take length / feed times {@code timeScale} seconds. Real-time
 * commands ?, !, ~ and 0x18 act at once. Faults can be injected: an error on a line, an alarm, a
 * disconnect, a reset from elsewhere.
 *
 * <p>Alarms behave as GRBL 1.1h did on a pty: a reset in motion drops what is buffered and says
 * {@code ALARM:3}, the banner and {@code [MSG:'$H'|'$X' to unlock]}; a hard limit ({@code ALARM:1}) or a soft
 * limit ({@code ALARM:2}, with {@code $20=1} and a target beyond {@code $130}/{@code $131}) says
 * {@code [MSG:Reset to continue]} and then answers nothing, not even {@code ?}, until 0x18; {@code $X} and
 * {@code $H} clear the lock. Status reports carry {@code Bf:} only when {@code $10} has its buffer bit (2).
 */
public final class GrblDevice implements Closeable {
    public static final String BANNER = "Grbl 1.1h ['$' for help]";
    public static final int RX = 128, PLANNER = 15;

    /** Faults and timing; line numbers count the G-code lines received, from 1. */
    public static final class Options {
        public double timeScale = 0;          // 0: moves take no time
        public int errorOnLine = -1, errorCode = 20;
        public int alarmAfterLine = -1;
        public int disconnectAfterLine = -1;
        public boolean bannerOnOpen = true;
        public int baud = 0;                  // 0: bytes take no time; otherwise 10 bits a byte, both ways
        public long latencyMicros = 0;        // added to every reply, like a USB serial adapter's latency
    }

    private final Options options;
    private final InputStream in;
    private final OutputStream out;
    private final Object lock = new Object();
    private final ArrayDeque<Byte> rx = new ArrayDeque<>();
    /** A planned move: its target (NaN: that axis stays), its nominal feed in mm/min, and the line that asked for it. */
    private record Block(double x, double y, double feed, String line) { }

    private final ArrayDeque<Block> planner = new ArrayDeque<>();
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private final Thread rxThread, parser, motion, txThread;
    private final java.util.concurrent.LinkedBlockingQueue<Object[]> tx = new java.util.concurrent.LinkedBlockingQueue<>();
    private long rxClock, txClock;
    private volatile boolean closed, hold, alarm, checkMode;
    /** After a hard or soft limit: deaf to everything but a soft reset. */
    private volatile boolean silent;
    private final java.util.Map<String, String> settings = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
    /** The program lines whose moves ran to their end, in order (a move cut short by a reset is not among them). */
    private final List<String> executed = Collections.synchronizedList(new ArrayList<>());
    private volatile double x, y, feed = Double.NaN;
    private boolean moving;
    /** A block is being drawn (it still holds its planner slot). */
    private boolean busy;
    public final AtomicInteger overflows = new AtomicInteger(), plannerOverflows = new AtomicInteger(), resets = new AtomicInteger();
    /** Gaps, after the first second of motion, when the planner ran dry while the program went on. */
    public final AtomicInteger starvedMoments = new AtomicInteger();
    private long firstMotion;
    private int lines;
    private volatile int expectedMoves = Integer.MAX_VALUE, executedMoves;

    public GrblDevice(Path pty, Options options) throws IOException {
        this.options = options;
        in = new FileInputStream(pty.toFile());
        out = new FileOutputStream(pty.toFile());
        rxThread = start("grbl-device rx", this::receive);
        parser = start("grbl-device parser", this::parse);
        motion = start("grbl-device motion", this::move);
        txThread = start("grbl-device tx", this::transmit);
        for (String d : new String[] {"$0=10", "$1=25", "$10=1", "$11=0.010", "$20=0", "$22=0", "$100=250.000", "$101=250.000", "$110=1500.000",
            "$111=1500.000", "$120=100.000", "$121=100.000", "$130=150.000", "$131=100.000"}) {
            settings.put(d.substring(0, d.indexOf('=')), d.substring(d.indexOf('=') + 1));
        }
        if (options.bannerOnOpen) say(BANNER);
    }

    /** The moves that ran to their end, as the lines that asked for them. */
    public List<String> executed() {
        synchronized (executed) {
            return List.copyOf(executed);
        }
    }

    /** A soft reset from elsewhere (another program on the port, the board's reset button). */
    public void injectReset() {
        reset();
    }

    /** Sets a setting as {@code $N=V} would (e.g. "$20", "1" for soft limits). */
    public void setting(String key, String value) {
        settings.put(key, value);
    }

    private static Thread start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private final List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());

    /** G-code lines answered with ok, in order: the log that shows whether a line was acknowledged twice. */
    public List<String> acknowledged() {
        synchronized (acknowledged) {
            return List.copyOf(acknowledged);
        }
    }

    /** Lines received (G-code and $ commands), in order. */
    public List<String> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** How many moves the program has, so that the planner running dry at the end is not counted as starving. */
    public void expectMoves(int n) {
        expectedMoves = n;
    }

    public double[] position() {
        return new double[] {x, y};
    }

    private final java.util.concurrent.atomic.AtomicLong said = new java.util.concurrent.atomic.AtomicLong(), written = new java.util.concurrent.atomic.AtomicLong();

    private void say(String line) {
        if (silent) return;
        said.incrementAndGet();
        tx.add(new Object[] {line, System.nanoTime()});
    }

    /** Waits until every reply said so far is on the wire (before a disconnect, so the last ok is not lost). */
    private void drainReplies() throws InterruptedException {
        long target = said.get();
        while (written.get() < target && !closed) Thread.sleep(1);
    }

    /** Writes replies in order, each after the adapter's latency and its bytes' time on the line. */
    private void transmit() {
        try {
            while (!closed) {
                Object[] m = tx.poll(50, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (m == null) continue;
                byte[] bytes = ((String) m[0] + "\r\n").getBytes(StandardCharsets.US_ASCII);
                if (options.baud > 0 || options.latencyMicros > 0) {
                    txClock = Math.max(txClock, (Long) m[1] + options.latencyMicros * 1000) + bytes.length * byteNanos();
                    waitUntil(txClock);
                }
                synchronized (out) {
                    out.write(bytes);
                    out.flush();
                }
                written.incrementAndGet();
            }
        } catch (IOException e) {
            closed = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long byteNanos() {
        return options.baud > 0 ? 10_000_000_000L / options.baud : 0;
    }

    /** Sleeps coarse and spins fine: the line clock is finer than the scheduler's. */
    private static void waitUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            if (left > 200_000) java.util.concurrent.locks.LockSupport.parkNanos(left - 100_000);
            else Thread.onSpinWait();
        }
    }

    private void receive() {
        try {
            while (!closed) {
                int b = in.read();
                if (b < 0) return;
                if (options.baud > 0) { // the byte is in GRBL's buffer only once it has crossed the line
                    rxClock = Math.max(rxClock, System.nanoTime()) + byteNanos();
                    waitUntil(rxClock);
                }
                if (silent && b != 0x18) continue; // after a limit alarm GRBL hears only a reset
                switch (b) {
                    case '?' -> say(status());
                    case '!' -> hold = true;
                    case '~' -> hold = false;
                    case 0x18 -> reset();
                    default -> {
                        synchronized (lock) {
                            if (rx.size() >= RX) overflows.incrementAndGet();
                            else rx.add((byte) b);
                            lock.notifyAll();
                        }
                    }
                }
            }
        } catch (IOException e) {
            closed = true;
        }
    }

    private String status() {
        String state;
        synchronized (lock) {
            state = alarm ? "Alarm" : checkMode ? "Check" : hold ? (moving || !planner.isEmpty() ? "Hold:0" : "Hold:0") : moving || !planner.isEmpty() ? "Run" : "Idle";
            // the block being drawn still holds its planner slot, as in GRBL
            int used = planner.size() + (busy ? 1 : 0);
            boolean buffers = (Integer.parseInt(settings.getOrDefault("$10", "1")) & 2) != 0;
            return String.format(Locale.ROOT, "<%s|MPos:%.3f,%.3f,0.000%s|FS:%.0f,0>", state, x, y,
                    buffers ? String.format(Locale.ROOT, "|Bf:%d,%d", PLANNER - used, RX - rx.size()) : "", Double.isNaN(feed) ? 0 : feed);
        }
    }

    private void reset() {
        boolean lostPosition;
        synchronized (lock) {
            // a reset in motion loses position (ALARM:3); after a limit alarm the machine had stopped already
            lostPosition = (moving || !planner.isEmpty()) && !alarm;
            rx.clear();
            planner.clear();
            hold = false;
            silent = false;
            interrupted = true; // the move being drawn stops where it is
            epoch++;             // and the line being parsed is dropped
            resets.incrementAndGet();
            if (lostPosition) alarm = true;
            lock.notifyAll();
        }
        if (lostPosition) say("ALARM:3");
        say(BANNER);
        if (alarm) say("[MSG:'$H'|'$X' to unlock]");
    }

    /** A hard or soft limit: motion stops, the planner is dropped, and GRBL goes deaf to all but a reset. */
    private void limitAlarm(int code) {
        synchronized (lock) {
            alarm = true;
            planner.clear();
            interrupted = true;
            epoch++;
            lock.notifyAll();
        }
        say("ALARM:" + code);
        say("[MSG:Reset to continue]");
        silent = true;
        synchronized (lock) {
            rx.clear();
        }
    }

    /** Counts resets and alarms: a line whose parsing spans one is dropped, unanswered. */
    private long epoch;

    /** Set by a reset or an alarm: the move being drawn ends where it is. */
    private volatile boolean interrupted;

    /** Takes whole lines out of the receive buffer, as GRBL's protocol loop does, and executes them. */
    private void parse() {
        StringBuilder line = new StringBuilder();
        try {
            while (!closed) {
                synchronized (lock) {
                    while (rx.isEmpty() && !closed) lock.wait(50);
                    if (closed) return;
                    byte b = rx.poll();
                    if (b == '\n') {
                        // fall through to execute outside the byte loop
                    } else {
                        if (b != '\r') line.append((char) b);
                        continue;
                    }
                }
                String l = line.toString().trim();
                line.setLength(0);
                execute(l);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void execute(String l) throws InterruptedException {
        received.add(l);
        if (l.isEmpty()) { say("ok"); return; }
        if (l.startsWith("$")) { system(l); return; }
        int n = ++lines;
        if (alarm) { say("error:9"); return; }
        if (n == options.errorOnLine) { say("error:" + options.errorCode); return; }
        String err = gcode(l);
        if (err != null) {
            if (!err.isEmpty()) say(err);
            return;
        }
        acknowledged.add(l);
        say("ok");
        if (n == options.alarmAfterLine) limitAlarm(1);
        if (n == options.disconnectAfterLine) {
            drainReplies();
            close();
        }
    }

    private void system(String l) {
        if (l.matches("\\$\\d+=.*")) {
            settings.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
            say("ok");
            return;
        }
        switch (l) {
            case "$$" -> {
                synchronized (settings) {
                    settings.forEach((k, v) -> say(k + "=" + v));
                }
                say("ok");
            }
            case "$X" -> { alarm = false; say("[MSG:Caution: Unlocked]"); say("ok"); }
            case "$H" -> { x = 0; y = 0; alarm = false; say("ok"); }
            case "$C" -> { checkMode = !checkMode; say(checkMode ? "[MSG:Enabled]" : "[MSG:Disabled]"); say("ok"); }
            default -> say("error:3");
        }
    }

    /** Parses a block of the G-code subset the writer uses; plans its move, waiting for planner room. */
    private String gcode(String l) throws InterruptedException {
        Double tx = null, ty = null;
        boolean motionWord = false;
        String[] words = l.toUpperCase(Locale.ROOT).replace(" ", "").split("(?=[A-Z])");
        for (String w : words) {
            if (w.isEmpty()) continue;
            char letter = w.charAt(0);
            double v;
            try {
                v = Double.parseDouble(w.substring(1));
            } catch (NumberFormatException e) {
                return "error:2";
            }
            switch (letter) {
                case 'G' -> {
                    if (v == 0 || v == 1) motionWord = true;
                    else if (v != 21 && v != 90 && v != 94) return "error:20";
                }
                case 'M' -> { if (v != 2 && v != 30) return "error:20"; }
                case 'F' -> feed = v;
                case 'X' -> tx = v;
                case 'Y' -> ty = v;
                case 'Z' -> { }
                default -> { return "error:20"; }
            }
        }
        if (tx == null && ty == null) return null;
        if (Double.isNaN(feed) && motionWord && !l.startsWith("G0")) return "error:22";
        Block block = new Block(tx == null ? Double.NaN : tx, ty == null ? Double.NaN : ty, l.startsWith("G0") ? 3000 : feed, l);
        if (checkMode) return null;
        if ("1".equals(settings.get("$20"))) { // soft limits: a target beyond the travel is an alarm, not a move
            double travelX = Double.parseDouble(settings.getOrDefault("$130", "150")), travelY = Double.parseDouble(settings.getOrDefault("$131", "100"));
            if (tx != null && (tx < 0 || tx > travelX) || ty != null && (ty < 0 || ty > travelY)) {
                limitAlarm(2);
                return "";
            }
        }
        synchronized (lock) {
            long parsedIn = epoch;
            // the block being drawn keeps its slot until it ends, as in GRBL's ring buffer
            while (planner.size() + (busy ? 1 : 0) >= PLANNER && !closed && epoch == parsedIn) lock.wait(50);
            if (epoch != parsedIn) return ""; // a reset or alarm came while this line waited: gone, unanswered
            if (planner.size() + (busy ? 1 : 0) >= PLANNER) plannerOverflows.incrementAndGet();
            planner.add(block);
            lock.notifyAll();
        }
        return null;
    }

    /**
     * Runs the planned moves as GRBL's planner and stepper would, roughly: each move accelerates and
     * decelerates at {@code $120} mm/s², its speed through a corner is capped by the junction deviation
     * {@code $11}, and it may end only as fast as the machine can still stop by the end of what is queued
     * (a look-ahead over up to 15 blocks). A planner that runs short (send-and-wait) forces a stop at the
     * end of every move, as on the real machine.
     */
    private void move() {
        double[] last = {0, 0}, lastUnit = null;
        double speed = 0; // mm/s at the end of the last move
        try {
            while (!closed) {
                Block b;
                List<Block> ahead;
                synchronized (lock) {
                    if (planner.isEmpty()) {
                        boolean starving = moving && executedMoves < expectedMoves && firstMotion > 0
                                && System.nanoTime() - firstMotion > 1_000_000_000L;
                        moving = false;
                        speed = 0;
                        while (planner.isEmpty() && !closed) lock.wait(50);
                        if (closed) return;
                        if (starving) starvedMoments.incrementAndGet();
                    }
                    b = planner.poll();
                    ahead = new ArrayList<>(planner);
                    moving = true;
                    busy = true;
                    interrupted = false;
                    if (firstMotion == 0) firstMotion = System.nanoTime();
                    lock.notifyAll();
                }
                double nx = Double.isNaN(b.x()) ? last[0] : b.x(), ny = Double.isNaN(b.y()) ? last[1] : b.y();
                double length = Math.hypot(nx - last[0], ny - last[1]);
                double[] unit = length > 0 ? new double[] {(nx - last[0]) / length, (ny - last[1]) / length} : lastUnit;
                double accel = number("$120", 100), deviation = number("$11", 0.01);
                double entry = Math.min(speed, lastUnit == null || unit == null ? 0 : junction(lastUnit, unit, accel, deviation));
                double exit = exitSpeed(new double[] {nx, ny}, unit, b.feed() / 60, ahead, accel, deviation);
                exit = Math.min(exit, Math.sqrt(entry * entry + 2 * accel * length));
                double seconds = length == 0 ? 0 : trapezoid(length, entry, exit, b.feed() / 60, accel) * options.timeScale;
                long start = System.nanoTime(), end = start + (long) (seconds * 1e9);
                boolean cut = false;
                while (true) { // a feed hold stops the clock of the move
                    if (closed) return;
                    if (interrupted) { cut = true; break; }
                    if (hold) {
                        long h0 = System.nanoTime();
                        Thread.sleep(1);
                        end += System.nanoTime() - h0;
                        start += System.nanoTime() - h0;
                        continue;
                    }
                    long left = end - System.nanoTime();
                    if (left <= 0) break;
                    if (left > 1_200_000) java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // stay responsive to a hold
                    else waitUntil(end);
                }
                synchronized (lock) {
                    busy = false;
                    lock.notifyAll();
                }
                if (cut) { // stopped part way: where the pen got to, by time (close enough for tests)
                    double f = seconds <= 0 ? 0 : Math.min(1, (System.nanoTime() - start) / (seconds * 1e9));
                    x = last[0] + (nx - last[0]) * f;
                    y = last[1] + (ny - last[1]) * f;
                    last[0] = x;
                    last[1] = y;
                    speed = 0;
                    continue;
                }
                x = nx;
                y = ny;
                last[0] = nx;
                last[1] = ny;
                if (unit != null) lastUnit = unit;
                speed = exit;
                executed.add(b.line());
                executedMoves++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private double number(String setting, double fallback) {
        try {
            return Double.parseDouble(settings.getOrDefault(setting, Double.toString(fallback)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** GRBL's junction speed (mm/s) between two moves, from the angle between them and the junction deviation. */
    static double junction(double[] from, double[] to, double accel, double deviation) {
        double cos = -(from[0] * to[0] + from[1] * to[1]);
        if (cos > 0.999999) return 0;                  // a full reversal: stop
        if (cos < -0.999999) return Double.MAX_VALUE;  // straight on
        double sinHalf = Math.sqrt(0.5 * (1 - cos));
        return Math.sqrt(accel * deviation * sinHalf / (1 - sinHalf));
    }

    /** The fastest a move may end: through the next corner, and still able to stop by the end of what is queued. */
    static double exitSpeed(double[] end, double[] unit, double nominal, List<Block> ahead, double accel, double deviation) {
        if (ahead.isEmpty() || unit == null) return 0;
        // positions and directions of the queued moves
        int n = ahead.size();
        double[] len = new double[n], nom = new double[n];
        double[][] dir = new double[n][];
        double px = end[0], py = end[1];
        for (int i = 0; i < n; i++) {
            Block q = ahead.get(i);
            double qx = Double.isNaN(q.x()) ? px : q.x(), qy = Double.isNaN(q.y()) ? py : q.y();
            len[i] = Math.hypot(qx - px, qy - py);
            dir[i] = len[i] > 0 ? new double[] {(qx - px) / len[i], (qy - py) / len[i]} : (i > 0 ? dir[i - 1] : unit);
            nom[i] = q.feed() / 60;
            px = qx;
            py = qy;
        }
        // backward from a stop at the end of the queue: the fastest each queued move may begin
        double v = 0;
        for (int i = n - 1; i >= 0; i--) {
            double prevDir[] = i == 0 ? unit : dir[i - 1], prevNominal = i == 0 ? nominal : nom[i - 1];
            double begin = Math.sqrt(v * v + 2 * accel * len[i]);
            v = Math.min(begin, Math.min(nom[i], Math.min(prevNominal, junction(prevDir, dir[i], accel, deviation))));
        }
        return v;
    }

    /** Seconds for a move of {@code length} mm from speed {@code entry} to {@code exit}, at most {@code nominal}, at acceleration {@code accel}. */
    static double trapezoid(double length, double entry, double exit, double nominal, double accel) {
        entry = Math.min(entry, nominal);
        exit = Math.min(exit, nominal);
        double peakSq = (2 * accel * length + entry * entry + exit * exit) / 2;
        if (peakSq >= nominal * nominal) {
            double up = (nominal * nominal - entry * entry) / (2 * accel), down = (nominal * nominal - exit * exit) / (2 * accel);
            return (nominal - entry) / accel + (nominal - exit) / accel + (length - up - down) / nominal;
        }
        double peak = Math.sqrt(peakSq);
        return (peak - entry) / accel + (peak - exit) / accel;
    }

    @Override public void close() {
        closed = true;
        try {
            in.close();
        } catch (IOException ignored) {
            // closing
        }
        try {
            out.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
