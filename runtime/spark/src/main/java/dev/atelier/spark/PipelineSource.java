package dev.atelier.spark;

import java.io.Serializable;

/**
 * The pipeline as the driver found it, in a form every executor's host can check again on its own: a bundled
 * pipeline by name (every host has the same bundles), a user's descriptor by its text (an executor on another
 * machine has no copy of the driver's pipelines/ folder), a one-line chain by its text.
 *
 * @param fileName for FILE, the descriptor's file name (its {@code name:} field names the pipeline)
 */
record PipelineSource(Kind kind, String name, String text, String fileName) implements Serializable {
    enum Kind { NAME, FILE, CHAIN }

    static PipelineSource named(String name) {
        return new PipelineSource(Kind.NAME, name, null, null);
    }

    static PipelineSource file(String name, String fileName, String text) {
        return new PipelineSource(Kind.FILE, name, text, fileName);
    }

    static PipelineSource chain(String text) {
        return new PipelineSource(Kind.CHAIN, "chain", text, null);
    }

    /** How the user wrote it, for messages. */
    String label() {
        return switch (kind) {
            case NAME -> "pipeline '" + name + "'";
            case FILE -> "descriptor " + fileName;
            case CHAIN -> "chain '" + text + "'";
        };
    }
}
