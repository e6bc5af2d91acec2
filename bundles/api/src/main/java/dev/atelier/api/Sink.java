package dev.atelier.api;

import java.util.List;
import java.util.Map;

/**
 * The end of a pipeline: writes or sends the final payload (a file, a CNC machine). Registered and
 * described like a {@link Filter}, with {@link SinkProperties}. Called from several worker threads.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface Sink {
    /** Writes the payload. Must leave nothing half-done when it fails or is cancelled. */
    void write(Payload payload, StepContext context) throws Exception;

    /**
     * Checks this step's parameters when a descriptor is read, before any job runs: what its Metatype
     * definition cannot say (a name that must exist, a placeholder in a template, a format that must suit
     * the payload). The host reports each message with the descriptor's file, line and step, and the
     * pipeline is invalid until it is fixed. Called from the host's own threads, briefly: do no image
     * work here, and read no more of a file than it takes to know it is usable.
     *
     * @param parameters the step's converted parameters, defaults included, as {@link StepContext#parameterMap()} has them
     * @param input the payload type this output will get ({@link Payload#RASTER}, {@link Payload#DRAWING}, ...)
     * @return one message per problem, each naming its parameter ("parameter 'palette': no palette named 'x'; ...");
     *         empty when all is well
     * @since 1.2
     */
    default List<String> check(Map<String, Object> parameters, String input) {
        return List.of();
    }

    /**
     * The file this output will write for an input, when it writes one: the host asks before a job starts,
     * and refuses a job in which two inputs would land on the same file (one would silently replace the
     * other). Return null when the output writes no file, or cannot tell before it runs.
     *
     * @param parameters the step's converted parameters, defaults included
     * @param input the input as far as it is known before decoding (its path, name and the format its extension says)
     * @param pipeline the pipeline's name
     * @param baseDirectory the folder relative paths are resolved against
     * @since 1.2
     */
    default java.nio.file.Path target(Map<String, Object> parameters, ImageSource input, String pipeline, java.nio.file.Path baseDirectory) {
        return null;
    }
}
