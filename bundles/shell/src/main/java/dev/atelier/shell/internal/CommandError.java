package dev.atelier.shell.internal;

/**
 * A command's error as the user should read it. Felix's JLine shell prints a failed command's exception with
 * {@code toString()}, which would put the class name before the message; these print the message alone.
 */
final class CommandError {
    private CommandError() { }

    /** Bad input (a name, a file, a descriptor): the batch form exits 2 for it. */
    static final class Usage extends IllegalArgumentException {
        Usage(String message) {
            super(message);
        }

        @Override public String toString() {
            return getMessage();
        }
    }

    /** The command ran and failed (inputs failed): the batch form exits 1. */
    static final class Failed extends IllegalStateException {
        Failed(String message) {
            super(message);
        }

        @Override public String toString() {
            return getMessage();
        }
    }
}
