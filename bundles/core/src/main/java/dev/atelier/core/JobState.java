package dev.atelier.core;

public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isDone() { return this == SUCCEEDED || this == FAILED || this == CANCELLED; }

    @Override public String toString() { return name().toLowerCase(java.util.Locale.ROOT); }
}
