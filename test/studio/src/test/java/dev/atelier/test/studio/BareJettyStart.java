package dev.atelier.test.studio;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The floor under the Studio's share of the start, for {@code ./atelier bench-studio}: a bare Felix framework (no
 * Atelier bundle, no SCR) that installs the given bundles by reference and starts them, then prints
 * {@code ready N ms after JVM start, M ms of CPU} (JVM start to the Servlet Whiteboard's runtime service registered
 * when Felix HTTP Jetty is among them, to the bundles started otherwise), as the host prints its own ready time and
 * CPU. Run in a JVM of its own:
 * {@code java -cp FELIX_FRAMEWORK:TEST_CLASSES dev.atelier.test.studio.BareJettyStart STORAGE BUNDLE...}.
 */
public final class BareJettyStart {
    private BareJettyStart() { }

    public static void main(String[] args) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("org.osgi.framework.storage", args[0]);
        config.put("org.osgi.framework.storage.clean", "onFirstInit");
        config.put("org.osgi.service.http.port", "0");
        config.put("org.apache.felix.http.host", "127.0.0.1");
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.init();
        BundleContext context = framework.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        boolean jetty = false;
        for (int i = 1; i < args.length; i++) {
            bundles.add(context.installBundle("reference:" + java.nio.file.Path.of(args[i]).toUri()));
            jetty |= args[i].contains("http.jetty");
        }
        framework.start();
        for (Bundle b : bundles) if (b.getHeaders().get("Fragment-Host") == null) b.start();
        if (jetty) {
            ServiceTracker<Object, Object> runtime = new ServiceTracker<>(context, "org.osgi.service.servlet.runtime.HttpServiceRuntime", null);
            runtime.open();
            if (runtime.waitForService(60_000) == null) throw new IllegalStateException("Felix HTTP Jetty registered no HttpServiceRuntime in 60 s");
        }
        long ms = System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        long cpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
        System.out.println("ready " + ms + " ms after JVM start, " + cpu + " ms of CPU");
        System.out.flush();
        System.exit(0); // no orderly stop: only the start is measured (System.exit, not halt, so a class-data archive is written)
    }
}
