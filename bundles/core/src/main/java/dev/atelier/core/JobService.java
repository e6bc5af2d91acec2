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

    List<Job> jobs();

    Optional<Job> job(long id);
}
