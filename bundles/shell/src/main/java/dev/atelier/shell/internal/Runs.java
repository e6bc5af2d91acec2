package dev.atelier.shell.internal;

import dev.atelier.core.DescriptorException;
import dev.atelier.core.PipelineRegistry;
import dev.atelier.core.ResolvedPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** How a front end turns its first argument into a pipeline: a chain, a descriptor file, or a registered name. */
final class Runs {
    private Runs() { }

    /** A chain has '!' between elements or key=value parameters; a name or file path has neither. */
    static boolean isChain(String what) {
        return what.contains("!") || what.contains(" ") || what.contains("=");
    }

    static ResolvedPipeline pipeline(PipelineRegistry registry, String what, Path base, Duration wait) throws DescriptorException {
        if (isChain(what)) return registry.chain(what);
        if (what.endsWith(".yaml") || what.endsWith(".yml")) {
            Path file = base.resolve(what);
            if (Files.exists(file)) return registry.check(file);
        }
        return registry.active(what, wait);
    }
}
