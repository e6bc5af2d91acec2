package dev.atelier.core;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A pipeline running over one or more input files. */
@org.osgi.annotation.versioning.ProviderType
public interface Job {

    /** What became of one input file. */
    record FileResult(Path input, boolean ok, String error, Map<String, Duration> stepTimes, List<String> log) {
        /**
         * Where a failed input stopped: the label of the step or output that failed ("1 'dither'",
         * "file output"), or "decode" when the image could not be read; null when it succeeded. A step's
         * time is recorded whether it ends well or not, so the failing one is the last recorded.
         */
        public String failedStep() {
            if (ok) return null;
            String last = "decode";
            for (String step : stepTimes.keySet()) last = step;
            return last;
        }
    }

    long id();

    String pipeline();

    JobState state();

    Instant started();

    /** 0..1 over all inputs. */
    double progress();

    int total();

    int done();

    int failed();

    /** Inputs that ended because the job was cancelled (counted in {@link #failed()} too). */
    default int cancelled() {
        return (int) results().stream().filter(r -> !r.ok() && r.error() != null && r.error().startsWith("cancelled")).count();
    }

    /** What ran: the pipeline's name, or for a one-line chain its text ("dither palette=ega ! file path=..."). */
    default String description() {
        return pipeline();
    }

    /** The inputs finished so far, in the order they finished. */
    List<FileResult> results();

    /** Total time per step over the finished inputs ("1 'dither'" -> time), in the pipeline's order: decode, steps, outputs. */
    Map<String, Duration> stepTimes();

    /** Asks the job to stop; running steps see it through their context and stop at the next check. */
    void cancel();

    /** Waits until the job is done; false when {@code timeout} passed first. */
    boolean await(Duration timeout) throws InterruptedException;
}
