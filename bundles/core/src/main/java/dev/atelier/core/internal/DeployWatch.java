package dev.atelier.core.internal;

import dev.atelier.core.HostHealth;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipException;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.namespace.IdentityNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.resource.Namespace;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Says, once and in one line, why a jar in a watched folder did not become a working plugin.
 * FileInstall skips a file that is not a bundle without a word, and retries a bundle that cannot
 * resolve with a stack trace each time: this takes the jars FileInstall would skip (as an
 * {@link ArtifactInstaller} that handles only those) and checks every installed bundle that stays
 * unresolved, naming the requirement nothing provides.
 */
@Component(service = {HostHealth.class, ArtifactInstaller.class, DeployWatch.class})
public class DeployWatch implements HostHealth, ArtifactInstaller {
    private static final Logger LOG = Logger.getLogger(DeployWatch.class.getName());

    private final Map<String, String> problems = new TreeMap<>();
    private final BundleListener listener = this::bundleChanged;
    private ScheduledExecutorService checker;
    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "atelier-deploy-check");
            t.setDaemon(true);
            return t;
        });
        context.addBundleListener(listener);
        for (Bundle b : context.getBundles()) if (b.getState() == Bundle.INSTALLED) scheduleCheck(b);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(listener);
        checker.shutdownNow();
    }

    // --- jars FileInstall would skip ------------------------------------------------------------

    @Override public boolean canHandle(File artifact) {
        return artifact.getName().endsWith(".jar") && notABundle(artifact) != null;
    }

    @Override public void install(File artifact) { report(artifact.getAbsolutePath(), notABundle(artifact)); }

    @Override public void update(File artifact) { report(artifact.getAbsolutePath(), notABundle(artifact)); }

    @Override public void uninstall(File artifact) { report(artifact.getAbsolutePath(), null); }

    /** Why a file is not a bundle, or null when it is one. */
    static String notABundle(File file) {
        try (JarFile jar = new JarFile(file)) {
            Manifest m = jar.getManifest();
            if (m == null) return "a jar without a manifest, so not an OSGi bundle; build plugins with bnd (see the README's 'Writing a filter bundle')";
            if (m.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                return "a plain jar, not an OSGi bundle: its manifest has no Bundle-SymbolicName; build plugins with bnd (see the README's 'Writing a filter bundle')";
            }
            return null;
        } catch (ZipException e) {
            return "not a jar (zip) archive: " + describeContent(file) + "; was it copied whole?";
        } catch (IOException | SecurityException e) {
            return "cannot be read as a jar: " + e.getMessage();
        }
    }

    private static String describeContent(File file) {
        try (InputStream in = Files.newInputStream(file.toPath())) {
            byte[] head = in.readNBytes(4);
            if (head.length == 0) return "the file is empty";
            return file.length() + " bytes that do not start with a zip header";
        } catch (IOException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }

    // --- bundles that stay unresolved ----------------------------------------------------------

    private void bundleChanged(BundleEvent e) {
        Bundle b = e.getBundle();
        switch (e.getType()) {
            case BundleEvent.INSTALLED, BundleEvent.UPDATED, BundleEvent.UNRESOLVED -> scheduleCheck(b);
            case BundleEvent.RESOLVED, BundleEvent.STARTED -> report(key(b), null);
            case BundleEvent.UNINSTALLED -> report(key(b), null);
            default -> { }
        }
    }

    private void scheduleCheck(Bundle b) {
        try {
            // FileInstall starts what it installs; give it that chance before looking
            checker.schedule(() -> check(b), 700, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
            // shutting down
        }
    }

    private void check(Bundle b) {
        if (b.getState() != Bundle.INSTALLED) return;
        BundleRevision revision = b.adapt(BundleRevision.class);
        if (revision == null || (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0) return;
        // not resolved yet is not the same as cannot resolve: FileInstall may not have come to start it (a
        // busy machine), so ask the framework to resolve it now and report only a real failure
        org.osgi.framework.wiring.FrameworkWiring wiring = context.getBundle(0).adapt(org.osgi.framework.wiring.FrameworkWiring.class);
        if (wiring != null && wiring.resolveBundles(List.of(b))) return;
        List<String> missing = missingRequirements(revision);
        report(key(b), "bundle " + b.getSymbolicName() + " " + b.getVersion() + " cannot resolve: "
                + (missing.isEmpty() ? "a requirement is not met (the framework's log has the details)"
                        : "needs " + String.join("; ", missing) + ", which no installed bundle provides")
                + "; add the bundle that provides it to deploy/, or rebuild the plugin against what the host has");
    }

    /** The mandatory requirements of a revision that no bundle in the framework offers a capability for. */
    private List<String> missingRequirements(BundleRevision revision) {
        Set<String> out = new LinkedHashSet<>();
        for (BundleRequirement req : revision.getDeclaredRequirements(null)) {
            Map<String, String> d = req.getDirectives();
            if (Namespace.RESOLUTION_OPTIONAL.equals(d.get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE))) continue;
            String effective = d.get(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE);
            if (effective != null && !Namespace.EFFECTIVE_RESOLVE.equals(effective)) continue;
            if (IdentityNamespace.IDENTITY_NAMESPACE.equals(req.getNamespace())) continue;
            if (!providedBySomeone(req)) out.add(words(req));
        }
        return new ArrayList<>(out);
    }

    private boolean providedBySomeone(BundleRequirement req) {
        Filter filter;
        try {
            String f = req.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
            filter = f == null ? null : FrameworkUtil.createFilter(f);
        } catch (InvalidSyntaxException e) {
            return false;
        }
        for (Bundle other : context.getBundles()) {
            if (other.getState() == Bundle.UNINSTALLED) continue;
            BundleRevision r = other.adapt(BundleRevision.class);
            if (r == null) continue;
            for (BundleCapability cap : r.getDeclaredCapabilities(req.getNamespace())) {
                if (filter == null || filter.matches(cap.getAttributes())) return true;
            }
        }
        return false;
    }

    private static final Pattern NAME = Pattern.compile("\\((osgi\\.wiring\\.package|osgi\\.wiring\\.bundle|osgi\\.ee|osgi\\.service|osgi\\.extender)=([^)]*)\\)");
    private static final Pattern LOW = Pattern.compile("\\(version>=([^)]*)\\)"), HIGH = Pattern.compile("\\(!\\(version>=([^)]*)\\)\\)");

    /** "package com.example [2.0.0, 3.0.0)" rather than the LDAP filter, where the filter has the usual shape. */
    static String words(BundleRequirement req) {
        String f = req.getDirectives().getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, "");
        Matcher n = NAME.matcher(f);
        if (!n.find()) return req.getNamespace() + " " + f;
        String kind = switch (n.group(1)) {
            case "osgi.wiring.package" -> "package";
            case "osgi.wiring.bundle" -> "bundle";
            case "osgi.ee" -> "Java";
            case "osgi.service" -> "service";
            default -> "extender";
        };
        Matcher lo = LOW.matcher(f), hi = HIGH.matcher(f);
        String low = lo.find() ? lo.group(1) : null, high = hi.find() ? hi.group(1) : null;
        String range = low == null && high == null ? "" : " version [" + (low != null ? low : "0") + ", " + (high != null ? high + ")" : "∞)");
        return kind + " " + n.group(2) + range;
    }

    private static String key(Bundle b) {
        String location = b.getLocation();
        try {
            return location.startsWith("file:") ? new File(java.net.URI.create(location)).getAbsolutePath() : location;
        } catch (IllegalArgumentException e) {
            return location;
        }
    }

    /** Records (or clears, with null) the problem of one file; logs each new problem once. */
    private void report(String file, String problem) {
        synchronized (problems) {
            String before = problem == null ? problems.remove(file) : problems.put(file, problem);
            if (problem != null && !problem.equals(before)) LOG.warning(file + ": " + problem);
            if (problem == null && before != null) LOG.info(file + ": no longer a problem");
        }
    }

    @Override public List<String> deployProblems() {
        synchronized (problems) {
            List<String> out = new ArrayList<>();
            problems.forEach((file, problem) -> out.add(file + ": " + problem));
            return out;
        }
    }
}
