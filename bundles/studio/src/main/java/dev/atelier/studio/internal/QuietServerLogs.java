package dev.atelier.studio.internal;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Jetty and Felix HTTP log their start and stop at INFO, through SLF4J to java.util.logging: six dated blocks on
 * the console before the Studio's address, and the first use of the console handler's date formatting on the
 * thread that starts the Studio's bundles. The levels are set as this bundle starts, which the host does before it
 * starts Felix HTTP Jetty (a set's bundles start in the order of their file names); a component's activation came
 * after Jetty's start. Warnings and errors still show.
 */
@org.osgi.annotation.bundle.Header(name = org.osgi.framework.Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class QuietServerLogs implements BundleActivator {
    // held for the bundle's life: java.util.logging keeps loggers only weakly, which would drop the level again
    private static final Logger JETTY = Logger.getLogger("org.eclipse.jetty");
    private static final Logger FELIX_HTTP = Logger.getLogger("org.apache.felix.http");

    @Override public void start(BundleContext context) {
        JETTY.setLevel(Level.WARNING);
        FELIX_HTTP.setLevel(Level.WARNING);
    }

    @Override public void stop(BundleContext context) {
        // left as they are: Jetty, stopping after this bundle, logs its stop at INFO too
    }
}
