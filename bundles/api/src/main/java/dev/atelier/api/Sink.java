package dev.atelier.api;

/**
 * The end of a pipeline: writes or sends the final payload (a file, a CNC machine). Registered and
 * described like a {@link Filter}, with {@link SinkProperties}. Called from several worker threads.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface Sink {
    /** Writes the payload. Must leave nothing half-done when it fails or is cancelled. */
    void write(Payload payload, StepContext context) throws Exception;
}
