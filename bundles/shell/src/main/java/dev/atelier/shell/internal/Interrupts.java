package dev.atelier.shell.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Ctrl-C (SIGINT) handled by the host instead of ending the JVM: the most recent registration gets it
 * (the batch form's job, a foreground job of a shell without JLine); with none, the JVM's default (exit 130).
 * Felix's JLine shell takes SIGINT itself and interrupts the command's thread instead. Uses the JDK's {@code sun.misc.Signal} (module jdk.unsupported, exported by the framework as
 * a system package): the only way on Java 17 to keep a terminal's Ctrl-C from running the shutdown hooks
 * and exiting with 130.
 */
final class Interrupts {
    /** Undoes a registration. */
    interface Registration extends AutoCloseable {
        @Override void close();
    }

    private static final Deque<Runnable> HANDLERS = new ArrayDeque<>();
    private static boolean installed;

    private Interrupts() { }

    /** While registered, Ctrl-C runs {@code action} (on the JVM's signal thread) instead of ending the host. */
    static synchronized Registration onInterrupt(Runnable action) {
        install();
        HANDLERS.push(action);
        return () -> {
            synchronized (Interrupts.class) {
                HANDLERS.remove(action);
            }
        };
    }

    private static void install() {
        if (installed) return;
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> dispatch());
            installed = true;
        } catch (IllegalArgumentException | LinkageError e) {
            // no SIGINT here (or no sun.misc): Ctrl-C keeps the JVM's behaviour, the shutdown hook cancels
        }
    }

    private static void dispatch() {
        Runnable r;
        synchronized (Interrupts.class) {
            r = HANDLERS.peek();
        }
        if (r != null) r.run();
        else Runtime.getRuntime().exit(130);
    }
}
