package dev.atelier.core;

import java.util.concurrent.TimeUnit;

/**
 * The big library bundles beside {@code atelier.jar} (its {@code lib/} folder: Deeplearning4j and the
 * deblocking plugin), which the host installs on a thread of its own while the rest of it starts. Front ends
 * wait for them before they call the host ready.
 */
@org.osgi.annotation.versioning.ProviderType
public interface Libraries {
    /**
     * Waits until every library bundle is installed and started, or has failed (a warning in the log says
     * which and why).
     *
     * @return false when the time ran out first
     */
    boolean await(long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * An optional set of bundles beside {@code atelier.jar} (a folder of that name beside {@code lib/}, such as
     * {@code studio}), installed by reference and started now.
     *
     * @return what went wrong, one line per bundle that did not install or start (empty: all is well)
     * @throws IllegalArgumentException when there is no such folder
     */
    java.util.List<String> installSet(String name);

    /** Whether the set's bundles are installed already (by {@link #installSet} or at start). */
    boolean isInstalled(String name);
}
