package dev.atelier.core;

import java.nio.file.Path;

/**
 * One thing wrong with a descriptor or chain, located so a person can fix it.
 *
 * @param source the descriptor file, or a label such as "chain" for a one-line chain
 * @param line 1-based line (for a chain: the 1-based column), 0 when unknown
 * @param step the step it concerns ("3 'dither'"), or null for the whole descriptor
 * @param message what is wrong and what to do
 */
public record Problem(String source, int line, String step, String message) {

    public static Problem at(Path file, int line, String step, String message) {
        return new Problem(file == null ? "chain" : file.toString(), line, step, message);
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) sb.append(':').append(line);
        sb.append(": ");
        if (step != null) sb.append("step ").append(step).append(": ");
        return sb.append(message).toString();
    }
}
