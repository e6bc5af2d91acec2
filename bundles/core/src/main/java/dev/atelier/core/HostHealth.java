package dev.atelier.core;

import java.util.List;

/** What is wrong with the host's folders right now, for {@code atelier:status}. */
@org.osgi.annotation.versioning.ProviderType
public interface HostHealth {
    /**
     * Files in the watched folders that did not become working plugins, one line each naming the file
     * and the reason: not a jar, not an OSGi bundle, or a bundle that cannot resolve (with the missing
     * package or bundle and the version it needs).
     */
    List<String> deployProblems();
}
