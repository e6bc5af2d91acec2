package dev.atelier.shell.internal;

import dev.atelier.core.Catalog;
import dev.atelier.core.JobService;
import dev.atelier.core.PipelineRegistry;
import java.util.Hashtable;
import org.apache.felix.service.command.CommandProcessor;
import java.util.concurrent.Callable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * When the host is started with a command line ({@code java -jar atelier.jar run ...}), hands the
 * bnd launcher a main-thread Callable that runs it; the launcher exits with its return value.
 * Without arguments nothing is registered and the Gogo shell is the front end.
 */
@Component(immediate = true, service = {})
public class BatchLauncher {
    private static final String DUMB_TERMINAL = "org.jline.terminal.dumb";
    private ServiceRegistration<?> registration;

    @Reference Catalog catalog;
    @Reference PipelineRegistry registry;
    @Reference JobService jobs;
    @Reference CommandProcessor processor;
    @Reference dev.atelier.core.HostHealth health;
    @Reference dev.atelier.core.Libraries libraries;

    @Activate
    void activate(BundleContext context) throws InvalidSyntaxException {
        String[] args = launcherArguments(context);
        String gosh = context.getProperty("gosh.args");
        if (gosh != null && gosh.contains("--nointeractive") && System.getProperty(DUMB_TERMINAL) == null) {
            // no line editor in a batch run: Felix's JLine shell (started one level later) then neither probes
            // the terminal (stty) nor warns that it made a dumb one when stdin is a pipe
            System.setProperty(DUMB_TERMINAL, "true");
        }
        // no arguments: the interactive shell (Felix's JLine one) is the front end, and Ctrl-C is JLine's
        if (args.length == 0) return;
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("main.thread", "true");
        registration = context.registerService(Callable.class, new Main(new BatchCommand(catalog, registry, jobs, processor, health), args, libraries), props);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException ignored) {
                // already gone with the framework
            }
        }
    }

    /** A named class: the launcher checks that call() is declared to return Integer, which a lambda's is not. */
    static final class Main implements Callable<Integer> {
        private final BatchCommand command;
        private final String[] args;
        private final dev.atelier.core.Libraries libraries;

        Main(BatchCommand command, String[] args, dev.atelier.core.Libraries libraries) {
            this.command = command;
            this.args = args;
            this.libraries = libraries;
        }

        @Override public Integer call() {
            // the launcher calls this once every bundle is started; the library bundles start beside that
            awaitLibraries(libraries);
            command.readyAtMillis = System.currentTimeMillis();
            command.readyCpuMillis = processCpuMillis();
            return command.execute(args);
        }
    }

    /**
     * The JVM's CPU time so far, all threads, ms; -1 where it does not tell. Through the system class loader: the
     * interface ({@code com.sun.management}, module jdk.management) is not among the packages bundles import.
     */
    static long processCpuMillis() {
        try {
            Class<?> os = ClassLoader.getSystemClassLoader().loadClass("com.sun.management.OperatingSystemMXBean");
            Object bean = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            if (!os.isInstance(bean)) return -1;
            long nanos = (Long) os.getMethod("getProcessCpuTime").invoke(bean);
            return nanos < 0 ? -1 : nanos / 1_000_000;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    /** Waits for the lib/ bundles (installed on a thread of their own while the host starts); says so if they take over a minute. */
    static void awaitLibraries(dev.atelier.core.Libraries libraries) {
        try {
            if (!libraries.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                System.err.println("atelier: the library bundles (lib/: deblock) are still starting after 60 s; going on without waiting");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String[] launcherArguments(BundleContext context) throws InvalidSyntaxException {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(launcher.arguments=*)");
        if (refs == null) return new String[0];
        Object a = refs[0].getProperty("launcher.arguments");
        return a instanceof String[] s ? s : new String[0];
    }
}
