package dev.atelier.core.guard;

/**
 * What a plugin's {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} calls become (the host
 * rewrites them as it loads a plugin's classes): a {@link SecurityException} in the plugin's own thread, so the
 * step fails with a message and the host, its shell, Studio and other jobs go on. Not for calling directly.
 */
public final class Exits {
    private Exits() { }

    public static void exit(int status) {
        throw refused("System.exit(" + status + ")");
    }

    public static void exit(Runtime runtime, int status) {
        throw refused("Runtime.exit(" + status + ")");
    }

    public static void halt(Runtime runtime, int status) {
        throw refused("Runtime.halt(" + status + ")");
    }

    private static SecurityException refused(String call) {
        return new SecurityException(call + " called by a plugin: refused, the host goes on (a plugin reports a failure by throwing an exception)");
    }
}
