package dev.atelier.core.internal;

import dev.atelier.api.FilterProperties;
import dev.atelier.api.Payload;
import dev.atelier.api.SinkProperties;
import dev.atelier.core.Catalog;
import dev.atelier.core.ElementInfo;
import dev.atelier.core.ElementInfo.Kind;
import dev.atelier.core.ParameterInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;


/**
 * Tracks the Filter and Sink services. Binding takes only their references, so no plugin is
 * activated just to be listed. Other parts of core subscribe to changes (the registry re-checks its
 * pipelines) and to the departure of one service (a job running it is cancelled).
 */
@Component(service = {Catalog.class, CatalogImpl.class})
public class CatalogImpl implements Catalog {
    /**
     * A registered element: its name, the service behind it, and its description, worked out when first asked
     * for (reading a plugin's metatype is an XML parse; at start the registry's own thread does it, not the one
     * that registers the service).
     */
    static final class Entry {
        private final String name;
        private final ServiceReference<?> reference;
        private final Kind kind;
        private volatile ElementInfo info;

        Entry(String name, ServiceReference<?> reference, Kind kind) {
            this.name = name;
            this.reference = reference;
            this.kind = kind;
        }

        String name() { return name; }

        ServiceReference<?> reference() { return reference; }

        ElementInfo info() {
            ElementInfo i = info;
            if (i == null) {
                synchronized (this) {
                    if (info == null) info = describe(reference, kind, name);
                    i = info;
                }
            }
            return i;
        }
    }

    private final Map<ServiceReference<?>, Entry> entries = new ConcurrentHashMap<>();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private final Map<ServiceReference<?>, Set<Runnable>> departureListeners = new ConcurrentHashMap<>();

    @Reference(service = dev.atelier.api.Filter.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindFilter(ServiceReference<dev.atelier.api.Filter> ref) { add(ref, Kind.FILTER); }

    void updatedFilter(ServiceReference<dev.atelier.api.Filter> ref) { add(ref, Kind.FILTER); }

    void unbindFilter(ServiceReference<dev.atelier.api.Filter> ref) { remove(ref); }

    @Reference(service = dev.atelier.api.Sink.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindSink(ServiceReference<dev.atelier.api.Sink> ref) { add(ref, Kind.SINK); }

    void updatedSink(ServiceReference<dev.atelier.api.Sink> ref) { add(ref, Kind.SINK); }

    void unbindSink(ServiceReference<dev.atelier.api.Sink> ref) { remove(ref); }

    private void add(ServiceReference<?> ref, Kind kind) {
        checked.keySet().removeIf(k -> k.ref().equals(ref));
        entries.put(ref, new Entry(nameOf(ref, kind), ref, kind));
        fireChange();
    }

    private void remove(ServiceReference<?> ref) {
        entries.remove(ref);
        checked.keySet().removeIf(k -> k.ref().equals(ref));
        Set<Runnable> gone = departureListeners.remove(ref);
        if (gone != null) gone.forEach(Runnable::run);
        fireChange();
    }

    private void fireChange() {
        for (Runnable r : changeListeners) r.run();
    }

    void onChange(Runnable listener) { changeListeners.add(listener); }

    void removeOnChange(Runnable listener) { changeListeners.remove(listener); }

    /** Runs {@code action} if the service goes away before {@link #forgetDeparture} is called. */
    void onDeparture(ServiceReference<?> ref, Runnable action) {
        departureListeners.computeIfAbsent(ref, r -> ConcurrentHashMap.newKeySet()).add(action);
        if (!entries.containsKey(ref)) {
            forgetDeparture(ref, action);
            action.run();
        }
    }

    void forgetDeparture(ServiceReference<?> ref, Runnable action) {
        departureListeners.computeIfPresent(ref, (r, set) -> { set.remove(action); return set.isEmpty() ? null : set; });
    }

    /** The service that runs an element now: of several with the same name, the highest ranked. */
    Optional<Entry> entry(String name) {
        return entries.values().stream().filter(e -> e.name().equals(name))
                .max(Comparator.comparing(Entry::reference, (a, b) -> ((ServiceReference) a).compareTo(b)));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ServiceComponentRuntime scr;

    @Activate
    void activate(BundleContext context) { this.context = context; }

    private BundleContext context;

    @Override public Optional<String> failure(String name) {
        Optional<Entry> e = entry(name);
        if (e.isEmpty()) return Optional.empty();
        ServiceReference<?> ref = e.get().reference();
        try {
            Object service = context.getService(ref);
            if (service != null) {
                context.ungetService(ref);
                return Optional.empty();
            }
        } catch (RuntimeException ex) {
            return Optional.of(ex.toString());
        }
        return Optional.of(whyUnavailable(e.get()));
    }

    /** The words for a service that gave nothing: its activation failure as SCR recorded it, or that it went. */
    String whyUnavailable(Entry e) {
        String name = e.info().name(), bundle = e.info().bundle();
        String failure = activationFailure(e.reference());
        if (failure != null) {
            return "'" + name + "' (bundle " + bundle + ") is installed but failed to start: " + failure
                    + "; fix or replace the plugin (its log above has the whole trace)";
        }
        return "the service of '" + name + "' (bundle " + bundle + ") is gone (its bundle is stopping or its component was deactivated)";
    }

    private String activationFailure(ServiceReference<?> ref) {
        ServiceComponentRuntime runtime = scr;
        Object component = ref.getProperty("component.name");
        Bundle bundle = ref.getBundle();
        if (runtime == null || component == null || bundle == null) return null;
        try {
            ComponentDescriptionDTO d = runtime.getComponentDescriptionDTO(bundle, component.toString());
            if (d == null) return null;
            for (ComponentConfigurationDTO c : runtime.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION && c.failure != null) return firstLines(c.failure);
            }
            return null;
        } catch (RuntimeException ex) {
            return null;
        }
    }

    /** The exception line of a stack trace and its root cause, not the frames. */
    private static String firstLines(String trace) {
        String[] lines = trace.split("\\R");
        String first = lines[0].strip(), cause = null;
        for (String l : lines) if (l.strip().startsWith("Caused by: ")) cause = l.strip().substring("Caused by: ".length());
        return cause != null && !first.contains(cause) ? first + " (caused by " + cause + ")" : first;
    }

    private final java.util.concurrent.ExecutorService checks = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "atelier-plugin-check");
        t.setDaemon(true);
        return t;
    });

    @org.osgi.service.component.annotations.Deactivate
    void deactivate() { checks.shutdownNow(); }

    /** How long a plugin's own parameter check may take before it counts as failed. */
    static final long CHECK_SECONDS = 5;

    /**
     * The plugin's own check of a step's parameters ({@code Filter.check} / {@code Sink.check}), run on a
     * thread of its own with a time limit, so a plugin that throws or hangs there cannot stall the reading
     * of descriptors.
     */
    List<String> check(ElementInfo element, Map<String, Object> values, String input) {
        Optional<Entry> e = entry(element.name());
        if (e.isEmpty()) return List.of();
        ServiceReference<?> ref = e.get().reference();
        // every change re-checks every pipeline: ask each service once per set of values, until it changes
        CheckKey key = new CheckKey(ref, Map.copyOf(values), input);
        List<String> known = checked.get(key);
        if (known != null) return known;
        List<String> result = runCheck(element, ref, values, input);
        checked.put(key, result);
        return result;
    }

    private record CheckKey(ServiceReference<?> ref, Map<String, Object> values, String input) { }

    private final Map<CheckKey, List<String>> checked = new ConcurrentHashMap<>();

    private List<String> runCheck(ElementInfo element, ServiceReference<?> ref, Map<String, Object> values, String input) {
        java.util.concurrent.Future<List<String>> f = checks.submit(() -> {
            Object service = context.getService(ref);
            if (service == null) return List.of();
            try {
                List<String> r = service instanceof dev.atelier.api.Filter fl ? fl.check(values, input)
                        : service instanceof dev.atelier.api.Sink sk ? sk.check(values, input) : List.of();
                return r == null ? List.of() : List.copyOf(r);
            } finally {
                try {
                    context.ungetService(ref);
                } catch (IllegalStateException ignored) {
                    // the plugin left meanwhile
                }
            }
        });
        String who = "'" + element.name() + "' (bundle " + element.bundle() + ")";
        try {
            return f.get(CHECK_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException ex) {
            f.cancel(true);
            return List.of("the parameter check of " + who + " did not answer within " + CHECK_SECONDS + " s");
        } catch (java.util.concurrent.ExecutionException ex) {
            Throwable c = ex.getCause();
            if (c instanceof AbstractMethodError || c instanceof NoSuchMethodError) return List.of(); // built against an older API
            return List.of("the parameter check of " + who + " failed: " + JobImpl.describe(c));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /**
     * The files an output will write for the inputs, one per input (null where it writes none, cannot tell, or
     * misbehaves when asked). The service is got once for all of them: a delayed component is not activated
     * and deactivated again for every input of a large job.
     */
    List<java.nio.file.Path> targets(ElementInfo element, Map<String, Object> values, List<dev.atelier.api.ImageSource> inputs, String pipeline,
                                     java.nio.file.Path base) {
        List<java.nio.file.Path> out = new ArrayList<>(java.util.Collections.nCopies(inputs.size(), null));
        Optional<Entry> e = entry(element.name());
        if (e.isEmpty()) return out;
        ServiceReference<?> ref = e.get().reference();
        Object service = context.getService(ref);
        try {
            if (!(service instanceof dev.atelier.api.Sink sink)) return out;
            for (int i = 0; i < inputs.size(); i++) {
                try {
                    out.set(i, sink.target(values, inputs.get(i), pipeline, base));
                } catch (RuntimeException | LinkageError ex) {
                    // the job itself will report what is wrong with this output
                }
            }
            return out;
        } finally {
            if (service != null) {
                try {
                    context.ungetService(ref);
                } catch (IllegalStateException ignored) {
                    // leaving
                }
            }
        }
    }

    /** The installed element whose name is closest to a misspelt one (at most two edits away), if any. */
    Optional<String> closest(String name) {
        String best = null;
        int bestDistance = 3;
        for (Entry e : entries.values()) {
            int d = editDistance(name, e.name());
            if (d < bestDistance) { bestDistance = d; best = e.name(); }
        }
        return Optional.ofNullable(best);
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }

    @Override public List<ElementInfo> elements() {
        Map<String, ElementInfo> byName = new java.util.TreeMap<>();
        for (Entry e : entries.values()) byName.computeIfAbsent(e.name(), n -> entry(n).get().info());
        return new ArrayList<>(byName.values());
    }

    @Override public Optional<ElementInfo> element(String name) {
        return entry(name).map(Entry::info);
    }

    private static String nameOf(ServiceReference<?> ref, Kind kind) {
        String name = string(ref.getProperty((kind == Kind.FILTER ? "atelier.filter." : "atelier.sink.") + "name"));
        return name == null || name.isBlank() ? "unnamed-" + ref.getProperty(Constants.SERVICE_ID) : name;
    }

    private static ElementInfo describe(ServiceReference<?> ref, Kind kind, String name) {
        String prefix = kind == Kind.FILTER ? "atelier.filter." : "atelier.sink.";
        Bundle bundle = ref.getBundle();
        String bundleLabel = bundle == null ? "?" : bundle.getSymbolicName() + " " + bundle.getVersion();
        List<String> inputs = strings(ref.getProperty(kind == Kind.FILTER ? FilterProperties.INPUT : SinkProperties.INPUT));
        if (inputs.isEmpty()) inputs = List.of(Payload.RASTER);
        String output = kind == Kind.FILTER ? string(ref.getProperty(FilterProperties.OUTPUT)) : null;
        if (kind == Kind.FILTER && output == null) output = Payload.RASTER;
        String description = string(ref.getProperty(prefix + "description"));
        List<ParameterInfo> params = List.of();
        Object pid = ref.getProperty("component.name");
        if (bundle != null && pid != null) {
            try {
                params = MetatypeReader.parameters(bundle, pid.toString());
            } catch (Exception e) {
                description = (description == null ? "" : description + " ") + "[unreadable metatype: " + e.getMessage() + "]";
            }
        }
        return new ElementInfo(name, kind, inputs, output, description == null ? "" : description, bundleLabel,
                bundle == null ? -1 : bundle.getBundleId(), params,
                kind == Kind.FILTER ? strings(ref.getProperty(FilterProperties.ATTACHMENTS)) : List.of());
    }

    private static String string(Object o) {
        if (o instanceof String[] a) return a.length == 0 ? null : a[0];
        return o == null ? null : o.toString();
    }

    private static List<String> strings(Object o) {
        if (o instanceof String[] a) return List.of(a);
        if (o instanceof java.util.Collection<?> c) return c.stream().map(Object::toString).toList();
        return o == null ? List.of() : List.of(o.toString().split("\\s*,\\s*"));
    }
}
