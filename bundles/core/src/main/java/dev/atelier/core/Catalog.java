package dev.atelier.core;

import java.util.List;
import java.util.Optional;

/** The filters and sinks installed right now. */
@org.osgi.annotation.versioning.ProviderType
public interface Catalog {
    List<ElementInfo> elements();

    Optional<ElementInfo> element(String name);
}
