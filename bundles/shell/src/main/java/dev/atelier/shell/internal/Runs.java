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
        // a registered name first: a descriptor file named with spaces gives a name with spaces
        if (registry.pipeline(what).isPresent()) return registry.active(what, wait);
        if (what.endsWith(".yaml") || what.endsWith(".yml")) {
            try {
                Path file = base.resolve(what);
                if (Files.isRegularFile(file)) return registry.check(file);
            } catch (java.nio.file.InvalidPathException notAPath) {
                // a chain that happens to end in .yaml
            }
        }
        if (isChain(what)) return registry.chain(what);
        return registry.active(what, wait);
    }
}
