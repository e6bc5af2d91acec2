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
 * disconnect.
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
    private final ArrayDeque<double[]> planner = new ArrayDeque<>(); // x, y, feed mm/min
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private final Thread rxThread, parser, motion, txThread;
    private final java.util.concurrent.LinkedBlockingQueue<Object[]> tx = new java.util.concurrent.LinkedBlockingQueue<>();
    private long rxClock, txClock;
    private volatile boolean closed, hold, alarm, checkMode;
    private volatile double x, y, feed = Double.NaN;
    private boolean moving;
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
        if (options.bannerOnOpen) say(BANNER);
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
            return String.format(Locale.ROOT, "<%s|MPos:%.3f,%.3f,0.000|FS:%.0f,0|Bf:%d,%d>", state, x, y, Double.isNaN(feed) ? 0 : feed,
                    PLANNER - planner.size(), RX - rx.size());
        }
    }

    private void reset() {
        synchronized (lock) {
            boolean wasMoving = moving || !planner.isEmpty();
            rx.clear();
            planner.clear();
            hold = false;
            resets.incrementAndGet();
            if (wasMoving) alarm = true; // GRBL: reset while in motion loses position
            lock.notifyAll();
        }
        if (alarm) say("ALARM:3");
        say(BANNER);
        if (alarm) say("[MSG:'$H'|'$X' to unlock]");
    }

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
        if (err != null) { say(err); return; }
        acknowledged.add(l);
        say("ok");
        if (n == options.alarmAfterLine) {
            synchronized (lock) {
                alarm = true;
                planner.clear();
            }
            say("ALARM:1");
        }
        if (n == options.disconnectAfterLine) {
            drainReplies();
            close();
        }
    }

    private void system(String l) {
        switch (l) {
            case "$$" -> {
                for (String s : new String[] {"$0=10", "$1=25", "$11=0.010", "$22=0", "$100=250.000", "$101=250.000", "$110=1500.000",
                    "$111=1500.000", "$120=100.000", "$121=100.000", "$130=150.000", "$131=100.000"}) say(s);
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
        double[] block = {tx == null ? Double.NaN : tx, ty == null ? Double.NaN : ty, l.startsWith("G0") ? 3000 : feed};
        if (checkMode) return null;
        synchronized (lock) {
            while (planner.size() >= PLANNER && !closed) lock.wait(50);
            if (planner.size() >= PLANNER) plannerOverflows.incrementAndGet();
            planner.add(block);
            lock.notifyAll();
        }
        return null;
    }

    private void move() {
        double[] last = {0, 0};
        try {
            while (!closed) {
                double[] b;
                synchronized (lock) {
                    if (planner.isEmpty()) {
                        boolean starving = moving && executedMoves < expectedMoves && firstMotion > 0
                                && System.nanoTime() - firstMotion > 1_000_000_000L;
                        moving = false;
                        while (planner.isEmpty() && !closed) lock.wait(50);
                        if (closed) return;
                        if (starving) starvedMoments.incrementAndGet();
                    }
                    b = planner.poll();
                    moving = true;
                    if (firstMotion == 0) firstMotion = System.nanoTime();
                    lock.notifyAll();
                }
                double nx = Double.isNaN(b[0]) ? last[0] : b[0], ny = Double.isNaN(b[1]) ? last[1] : b[1];
                double seconds = Math.hypot(nx - last[0], ny - last[1]) / (b[2] / 60) * options.timeScale;
                long end = System.nanoTime() + (long) (seconds * 1e9);
                while (true) { // a feed hold stops the clock of the move
                    if (closed) return;
                    if (hold) {
                        long h0 = System.nanoTime();
                        Thread.sleep(1);
                        end += System.nanoTime() - h0;
                        continue;
                    }
                    long left = end - System.nanoTime();
                    if (left <= 0) break;
                    if (left > 1_200_000) java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // stay responsive to a hold
                    else waitUntil(end);
                }
                x = nx;
                y = ny;
                last[0] = nx;
                last[1] = ny;
                executedMoves++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
