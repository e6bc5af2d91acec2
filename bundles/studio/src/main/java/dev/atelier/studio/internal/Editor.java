package dev.atelier.studio.internal;

import dev.atelier.core.DescriptorException;
import dev.atelier.core.PipelineInfo;
import dev.atelier.core.PipelineRegistry;
import dev.atelier.core.Problem;
import dev.atelier.core.StepSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The YAML editor's server side: a pipeline's text (a bundled one read from its bundle), the same checks as
 * load time on the text being typed (the registry reads it from a scratch file, as it would from
 * pipelines/), and saving into the home's pipelines/ folder, where hot reload takes it like any other edit.
 */
final class Editor {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern SHIPPED = Pattern.compile("\\[([^\\]]+)\\]/(.+)");

    private final PipelineRegistry registry;
    private final BundleContext context;
    private final Path pipelines, scratch;

    Editor(PipelineRegistry registry, BundleContext context, Path pipelines, Path scratch) {
        this.registry = registry;
        this.context = context;
        this.pipelines = pipelines;
        this.scratch = scratch;
    }

    static String checkName(String name) throws Previews.Failure {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new Previews.Failure(400, "a pipeline's name is letters, digits, - and _ (at most 64), not '" + name + "'");
        }
        return name;
    }

    Map<String, Object> open(String name) throws IOException, Previews.Failure {
        PipelineInfo info = registry.pipeline(checkName(name)).orElseThrow(() -> new Previews.Failure(404, "no pipeline named '" + name + "'"));
        boolean system = registry.isSystem(name);
        String text = system ? shipped(String.valueOf(info.file())) : Files.readString(info.file(), StandardCharsets.UTF_8);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("system", system);
        m.put("file", system ? pipelines.resolve(name + ".pipeline.yaml").toString() : info.file().toString());
        m.put("yaml", text);
        List<Map<String, Object>> steps = new ArrayList<>();
        if (info.spec() != null) {
            for (StepSpec s : info.spec().steps()) {
                Map<String, Object> params = new LinkedHashMap<>();
                s.params().forEach((k, v) -> params.put(k, String.valueOf(v)));
                steps.add(Map.of("name", s.name(), "params", params));
            }
        }
        m.put("steps", steps);
        return m;
    }

    /** A bundled pipeline's text: its location reads "[bundle]/path" (the registry's label for it). */
    private String shipped(String location) throws IOException, Previews.Failure {
        Matcher m = SHIPPED.matcher(location);
        if (m.matches()) {
            for (Bundle b : context.getBundles()) {
                if (!m.group(1).equals(b.getSymbolicName())) continue;
                java.net.URL entry = b.getEntry(m.group(2));
                if (entry == null) break;
                try (InputStream in = entry.openStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new Previews.Failure(404, "cannot read the bundled pipeline at " + location);
    }

    /** The problems the host finds in this text, each with its line (empty: it is ready). */
    List<Map<String, Object>> check(String name, String yaml) throws IOException, Previews.Failure {
        checkName(name);
        Path file = scratch.resolve(name + ".pipeline.yaml");
        Files.createDirectories(scratch);
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        List<Map<String, Object>> out = new ArrayList<>();
        try {
            registry.check(file);
        } catch (DescriptorException e) {
            for (Problem p : e.problems()) out.add(Views.problem(p, e.mayResolveLater()));
        } finally {
            Files.deleteIfExists(file);
        }
        return out;
    }

    /** Writes the text to pipelines/NAME.pipeline.yaml whole (a scratch file beside it, then a rename): hot reload does the rest. */
    Path save(String name, String yaml) throws IOException, Previews.Failure {
        checkName(name);
        Files.createDirectories(pipelines);
        Path target = pipelines.resolve(name + ".pipeline.yaml"), tmp = pipelines.resolve("." + name + ".studio.tmp");
        Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
