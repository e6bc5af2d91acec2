package dev.atelier.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Installs the bundles in the {@code lib/} folder beside {@code atelier.jar} (or the folder the framework
 * property {@code atelier.lib} names) by reference: the framework reads them where they are instead of
 * copying them into its cache. The runnable jar embeds every other bundle; these are the big ones (the
 * 146 MB Deeplearning4j library and the plugin that needs it), whose copy into each run's fresh cache cost
 * about 150 ms of every start (docs/benchmarks.md).
 */
@Component(immediate = true, service = {})
public class LibraryBundles {
    private static final Logger LOG = Logger.getLogger(LibraryBundles.class.getName());

    @Activate
    void activate(BundleContext context) {
        Path lib = folder(context);
        if (lib == null || !Files.isDirectory(lib)) return;
        List<Bundle> installed = new ArrayList<>();
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                String location = "reference:" + jar.toAbsolutePath().toUri();
                try {
                    Bundle b = context.getBundle(location);
                    installed.add(b != null ? b : context.installBundle(location));
                } catch (BundleException | RuntimeException e) {
                    LOG.warning(jar + ": not installed: " + e.getMessage() + "; rebuild with ./atelier build");
                }
            }
        } catch (IOException e) {
            LOG.warning(lib + ": cannot list the library bundles: " + e.getMessage());
        }
        for (Bundle b : installed) {
            try {
                // the host's start level, so they start now, with the host, rather than at the level of later installs
                b.adapt(org.osgi.framework.startlevel.BundleStartLevel.class).setStartLevel(1);
                if (b.getHeaders().get("Fragment-Host") == null) b.start();
            } catch (BundleException | RuntimeException e) {
                LOG.warning(b.getLocation() + ": did not start: " + e.getMessage());
            }
        }
    }

    /** {@code atelier.lib}, else {@code lib/} beside the jar the JVM was started with ({@code java -jar atelier.jar}). */
    static Path folder(BundleContext context) {
        String configured = context.getProperty("atelier.lib");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.endsWith(".jar") || classPath.contains(java.io.File.pathSeparator)) return null;
        Path parent = Path.of(classPath).toAbsolutePath().getParent();
        return parent == null ? null : parent.resolve("lib");
    }
}
