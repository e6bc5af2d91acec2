package dev.atelier.core;

/** Where a pipeline stands. */
public enum PipelineState {
    /** Checked against the installed filters; jobs can run. */
    READY,
    /** Well-formed, but names a filter or sink that is not installed yet. */
    WAITING,
    /** The descriptor has errors; if an earlier version was good, that version stays active. */
    INVALID;

    @Override public String toString() { return name().toLowerCase(java.util.Locale.ROOT); }
}
