package dev.atelier.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The pipelines read from descriptor files, each with its state. */
@org.osgi.annotation.versioning.ProviderType
public interface PipelineRegistry {
    List<PipelineInfo> pipelines();

    Optional<PipelineInfo> pipeline(String name);

    /**
     * Reads a descriptor and checks it against the installed filters without registering it.
     *
     * @return the resolved pipeline
     * @throws DescriptorException with every problem, or with the names it waits for
     */
    ResolvedPipeline check(Path descriptor) throws DescriptorException;

    /** Parses and resolves a one-line chain such as {@code dither palette=cga ! file path=out/x.png}. */
    ResolvedPipeline chain(String chain) throws DescriptorException;

    /**
     * The version of a registered pipeline that jobs run, waiting up to {@code wait} for it to be
     * registered and ready (descriptor files are read a fraction of a second after start-up).
     */
    ResolvedPipeline active(String name, Duration wait) throws DescriptorException;

    /**
     * Waits until every change seen so far (descriptor files, bundled descriptors, plugins come or gone) has
     * been checked into the pipelines' states. {@link #pipelines()} and {@link #pipeline} wait for that
     * themselves, for a few seconds at most.
     *
     * @return false when {@code max} passed first
     */
    boolean awaitSettled(Duration max) throws InterruptedException;

    /** Header of a bundle that ships read-only ("system") pipelines: a folder in the bundle holding {@code *.pipeline.yaml} files. */
    String PIPELINES_HEADER = "Atelier-Pipelines";

    /** Whether a registered pipeline is a system one, shipped inside a bundle (read-only) rather than a file in pipelines/. */
    boolean isSystem(String name);

    /** The system pipeline a user's file of the same name overrides, if any (its location, for atelier:show). */
    Optional<Path> overrides(String name);
}
