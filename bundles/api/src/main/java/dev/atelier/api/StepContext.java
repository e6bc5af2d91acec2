package dev.atelier.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * What a step sees of the job it runs in: its parameters (already checked against its metatype),
 * the input file, progress reporting, cancellation and the attachments that travel with the result.
 */
public interface StepContext {

    /**
     * The step's parameters as the plugin's own configuration type: an annotation or interface
     * whose methods are named like the parameters (as in Declarative Services: {@code line_width()}
     * reads {@code line.width}). Values the descriptor leaves out take the method's default.
     */
    <T> T parameters(Class<T> type);

    /** The step's parameters as converted values, keyed by parameter name; defaults included. */
    Map<String, Object> parameterMap();

    /** The name of the pipeline that runs this step. */
    String pipeline();

    /** The input the job is working on. */
    ImageSource input();

    /** The folder that relative output paths are resolved against (the host's working folder). */
    Path baseDirectory();

    /** Reports how far this step is, from 0 to 1. Cheap: call it as often as convenient. */
    void progress(double fraction);

    /** True once the job was cancelled or this step's bundle is going away. */
    boolean isCancelled();

    /** Throws {@link CancellationException} when {@link #isCancelled()}; call it in long loops. */
    default void checkCancelled() {
        if (isCancelled()) throw new CancellationException("job cancelled");
    }

    /** Adds a side product (a bill of materials, an optimisation trace) that outputs may write. */
    void attach(String name, Object value);

    /** The side products attached so far by earlier steps, by name. */
    Map<String, Object> attachments();

    /** A line for the job's log (shown by the shell and kept with the job). */
    void log(String message);
}
