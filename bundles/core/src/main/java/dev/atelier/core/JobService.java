package dev.atelier.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Runs pipelines over files and keeps the recent jobs. */
@org.osgi.annotation.versioning.ProviderType
public interface JobService {
    /**
     * Starts a job. Folders among the inputs are expanded to the images they hold (not recursively).
     *
     * @throws IllegalArgumentException when an input does not exist or a folder holds no image
     */
    Job submit(ResolvedPipeline pipeline, List<Path> inputs);

    /**
     * Starts a job whose relative inputs and output paths resolve against {@code workDirectory} rather than
     * the host's working folder ({@code atelier.workdir}): for front ends that run many jobs side by side,
     * each writing into a folder of its own (a Spark task's attempt folder).
     *
     * @throws IllegalArgumentException when an input does not exist or a folder holds no image
     */
    Job submit(ResolvedPipeline pipeline, List<Path> inputs, Path workDirectory);

    List<Job> jobs();

    Optional<Job> job(long id);

    /** Steps that ignored a cancel and whose threads were abandoned (they no longer count as workers). */
    List<StuckStep> stuckSteps();

    /**
     * What is wrong with the jobs configuration ({@code etc/dev.atelier.core.jobs.cfg}), one line per bad
     * key naming the file, key, value and what is allowed; empty when it is good. While it is not empty
     * the host runs on the last good configuration (the defaults at start).
     */
    List<String> configurationProblems();

    /** Worker threads that run jobs now. */
    int workers();

    /**
     * The largest image a job decodes, in megapixels ({@code max.megapixels} in the jobs configuration); larger
     * ones are refused from their header. Front ends that read photos themselves (previews, uploads) refuse alike.
     *
     * @since 1.5
     */
    double maxMegapixels();
}
