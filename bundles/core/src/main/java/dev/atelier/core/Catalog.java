package dev.atelier.core;

import java.util.List;
import java.util.Optional;

/** The filters and sinks installed right now. */
@org.osgi.annotation.versioning.ProviderType
public interface Catalog {
    List<ElementInfo> elements();

    Optional<ElementInfo> element(String name);

    /**
     * Why an installed element cannot run, or empty when it can: its component failed to activate (the
     * plugin's {@code activate} threw, or a reference it needs is missing). Asks the service once, so a
     * component not yet used is activated by this call.
     */
    Optional<String> failure(String name);
}
