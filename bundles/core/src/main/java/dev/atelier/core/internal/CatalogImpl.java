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
import org.osgi.service.component.annotations.Component;
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
    /** A registered element: its description and the service behind it. */
    record Entry(ElementInfo info, ServiceReference<?> reference) { }

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
        entries.put(ref, new Entry(describe(ref, kind), ref));
        fireChange();
    }

    private void remove(ServiceReference<?> ref) {
        entries.remove(ref);
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
        return entries.values().stream().filter(e -> e.info().name().equals(name))
                .max(Comparator.comparing(Entry::reference, (a, b) -> ((ServiceReference) a).compareTo(b)));
    }

    @Override public List<ElementInfo> elements() {
        Map<String, ElementInfo> byName = new java.util.TreeMap<>();
        for (Entry e : entries.values()) byName.putIfAbsent(e.info().name(), entry(e.info().name()).get().info());
        return new ArrayList<>(byName.values());
    }

    @Override public Optional<ElementInfo> element(String name) {
        return entry(name).map(Entry::info);
    }

    private static ElementInfo describe(ServiceReference<?> ref, Kind kind) {
        String prefix = kind == Kind.FILTER ? "atelier.filter." : "atelier.sink.";
        String name = string(ref.getProperty(prefix + "name"));
        Bundle bundle = ref.getBundle();
        String bundleLabel = bundle == null ? "?" : bundle.getSymbolicName() + " " + bundle.getVersion();
        if (name == null || name.isBlank()) {
            name = "unnamed-" + ref.getProperty(Constants.SERVICE_ID);
        }
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
                bundle == null ? -1 : bundle.getBundleId(), params);
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
