package dev.atelier.spark;

/** A pipeline the host refused, with the host's own words (the file, line and what to do). */
final class PipelineException extends Exception {
    private static final long serialVersionUID = 1L;

    PipelineException(PipelineSource source, String hostMessage) {
        super(hostMessage.startsWith(source.label()) ? hostMessage : source.label() + ": " + hostMessage);
    }
}
