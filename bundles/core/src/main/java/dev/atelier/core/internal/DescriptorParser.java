package dev.atelier.core.internal;

import dev.atelier.core.DescriptorException;
import dev.atelier.core.PipelineSpec;
import dev.atelier.core.Problem;
import dev.atelier.core.StepSpec;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a pipeline descriptor ({@code *.pipeline.yaml}) into a {@link PipelineSpec}, keeping the line
 * of every step and parameter so later checks can point at them. Works on SnakeYAML's node graph
 * rather than on plain maps because plain maps forget where things were written.
 */
public final class DescriptorParser {
    public static final String SUFFIX = ".pipeline.yaml";
    /** The other spelling of the suffix, accepted alike. */
    public static final String SUFFIX_YML = ".pipeline.yml";
    /**
     * The largest descriptor read. A hand-written pipeline is a few hundred bytes; SnakeYAML scans a long
     * quoted scalar in quadratic time (12 MB took 100 s), so anything this size is refused unread.
     */
    public static final long MAX_BYTES = 1 << 20;

    /** Whether a file name is a descriptor's. */
    public static boolean isDescriptor(String fileName) {
        return fileName.endsWith(SUFFIX) || fileName.endsWith(SUFFIX_YML);
    }
    static final Set<String> TOP_LEVEL_KEYS = Set.of("name", "description", "steps", "outputs");

    private final Path file;
    private final List<Problem> problems = new ArrayList<>();

    private DescriptorParser(Path file) {
        this.file = file;
    }

    public static PipelineSpec parse(Path file) throws DescriptorException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new DescriptorException(Problem.at(file, 0, null, String.format(java.util.Locale.ROOT,
                        "the file is %,d bytes, over the limit of %,d for a descriptor; refused unread (a pipeline takes a few hundred bytes)",
                        size, MAX_BYTES)));
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DescriptorException(Problem.at(file, 0, null, "cannot read the file: " + e.getMessage()));
        }
        return parse(file, decode(file, bytes));
    }

    /** The text as UTF-8; bytes that are not UTF-8 are an error naming their line and byte offset. */
    static String decode(Path file, byte[] bytes) throws DescriptorException {
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            int offset = in.position(), line = 1;
            for (int i = 0; i < offset; i++) if (bytes[i] == '\n') line++;
            throw new DescriptorException(Problem.at(file, line, null, String.format(java.util.Locale.ROOT,
                    "byte 0x%02X at offset %d is not UTF-8; save the file as UTF-8", bytes[offset] & 0xFF, offset)));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    public static PipelineSpec parse(Path file, String text) throws DescriptorException {
        return new DescriptorParser(file).read(text);
    }

    /** The pipeline name a descriptor file gets when it does not say {@code name:}. */
    public static String defaultName(Path file) {
        String n = file.getFileName().toString();
        if (n.endsWith(SUFFIX)) return n.substring(0, n.length() - SUFFIX.length());
        if (n.endsWith(SUFFIX_YML)) return n.substring(0, n.length() - SUFFIX_YML.length());
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private PipelineSpec read(String text) throws DescriptorException {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(10);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new DescriptorException(Problem.at(file, m == null ? 0 : m.getLine() + 1, null,
                    "malformed YAML: " + what + (e.getContext() != null ? " (" + e.getContext() + ")" : "")));
        } catch (YAMLException e) {
            throw new DescriptorException(Problem.at(file, 0, null, "malformed YAML: " + e.getMessage()));
        }
        if (root == null) {
            throw new DescriptorException(Problem.at(file, 1, null,
                    "the file is empty: a descriptor needs at least 'outputs:' (see README, 'Pipeline descriptors')"));
        }
        if (!(root instanceof MappingNode map)) {
            throw new DescriptorException(Problem.at(file, line(root), null,
                    "a descriptor is a mapping with the keys name, description, steps and outputs, not a " + kind(root)));
        }
        String name = defaultName(file);
        String description = "";
        List<StepSpec> steps = List.of();
        List<StepSpec> outputs = null;
        int[] index = {1};
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (NodeTuple t : map.getValue()) {
            String key = scalarKey(t.getKeyNode());
            if (key == null) continue;
            if (!seen.add(key)) {
                problems.add(Problem.at(file, line(t.getKeyNode()), null, "duplicate key '" + key + "': say it once"));
                continue;
            }
            Node value = t.getValueNode();
            switch (key) {
                case "name" -> {
                    String n = scalarString(value, "name");
                    if (n != null && !n.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                        problems.add(Problem.at(file, line(value), null, "name '" + n + "' may hold only letters, digits, '.', '_' and '-'"));
                    } else if (n != null) {
                        name = n;
                    }
                }
                case "description" -> {
                    String d = scalarString(value, "description");
                    if (d != null) description = d;
                }
                case "steps" -> steps = stepList(value, "steps", index);
                case "outputs" -> outputs = stepList(value, "outputs", index);
                default -> problems.add(Problem.at(file, line(t.getKeyNode()), null,
                        "unknown key '" + key + "': a descriptor has only " + String.join(", ", List.of("name", "description", "steps", "outputs"))));
            }
        }
        if (outputs == null) {
            problems.add(Problem.at(file, line(root), null,
                    "no 'outputs:' list: say where results go, for example  outputs: [ {file: {path: \"out/{input}.png\"}} ]"));
            outputs = List.of();
        } else if (outputs.isEmpty() && problems.isEmpty()) {
            problems.add(Problem.at(file, line(root), null, "'outputs:' is empty: a pipeline needs at least one output"));
        }
        if (!problems.isEmpty()) throw new DescriptorException(problems);
        return new PipelineSpec(name, description, file, steps, outputs, false);
    }

    private List<StepSpec> stepList(Node node, String key, int[] index) {
        if (isNull(node)) return new ArrayList<>();
        if (!(node instanceof SequenceNode seq)) {
            problems.add(Problem.at(file, line(node), null, "'" + key + ":' must be a list (each item starting with '- '), not a " + kind(node)));
            return new ArrayList<>();
        }
        List<StepSpec> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            StepSpec s = step(item, index[0]++);
            if (s != null) out.add(s);
        }
        return out;
    }

    private StepSpec step(Node item, int index) {
        if (item instanceof ScalarNode s) {
            return new StepSpec(index, s.getValue(), Map.of(), line(item), Map.of());
        }
        if (!(item instanceof MappingNode m) || m.getValue().size() != 1) {
            problems.add(Problem.at(file, line(item), "" + index,
                    "a step is one name with its parameters, as in  - dither: {palette: cga}  or  - dither"));
            return null;
        }
        NodeTuple t = m.getValue().get(0);
        String name = scalarKey(t.getKeyNode());
        if (name == null) return null;
        String label = index + " '" + name + "'";
        Node paramsNode = t.getValueNode();
        Map<String, Object> params = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        if (!isNull(paramsNode)) {
            if (!(paramsNode instanceof MappingNode pm)) {
                problems.add(Problem.at(file, line(paramsNode), label,
                        "parameters are a mapping such as {cells: 64, gamma: auto}, not a " + kind(paramsNode)));
                return null;
            }
            for (NodeTuple p : pm.getValue()) {
                String key = scalarKey(p.getKeyNode());
                if (key == null) continue;
                if (lines.containsKey(key)) { // every key seen, valid value or not
                    problems.add(Problem.at(file, line(p.getKeyNode()), label, "parameter '" + key + "' is given twice"));
                    continue;
                }
                lines.put(key, line(p.getKeyNode()));
                Object v = value(p.getValueNode(), label, key);
                if (v != null) params.put(key, v);
            }
        }
        return new StepSpec(index, name, params, line(t.getKeyNode()), lines);
    }

    private Object value(Node node, String label, String key) {
        if (node instanceof ScalarNode s) return scalar(s);
        if (node instanceof SequenceNode seq) {
            List<Object> list = new ArrayList<>();
            for (Node n : seq.getValue()) {
                if (!(n instanceof ScalarNode s)) {
                    problems.add(Problem.at(file, line(n), label, "parameter '" + key + "': a list may hold only plain values"));
                    return null;
                }
                list.add(scalar(s));
            }
            return list;
        }
        problems.add(Problem.at(file, line(node), label, "parameter '" + key + "' must be a value or a list of values, not a " + kind(node)));
        return null;
    }

    /** A scalar as YAML 1.1 types it: Long, Double, Boolean, or String (null stays null-like ""). */
    private static Object scalar(ScalarNode s) {
        String v = s.getValue();
        Tag tag = s.getTag();
        try {
            if (Tag.INT.equals(tag)) return Long.decode(v.replace("_", ""));
            if (Tag.FLOAT.equals(tag)) return Double.valueOf(v.replace("_", ""));
        } catch (NumberFormatException e) {
            return v;
        }
        if (Tag.BOOL.equals(tag)) return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "y" -> Boolean.TRUE;
            default -> Boolean.FALSE;
        };
        if (Tag.NULL.equals(tag)) return "";
        return v;
    }

    private String scalarKey(Node node) {
        if (node instanceof ScalarNode s) return s.getValue();
        problems.add(Problem.at(file, line(node), null, "a key must be a plain name, not a " + kind(node)));
        return null;
    }

    private String scalarString(Node node, String key) {
        if (node instanceof ScalarNode s) return s.getValue();
        problems.add(Problem.at(file, line(node), null, "'" + key + "' must be a plain value, not a " + kind(node)));
        return null;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static String kind(Node node) {
        if (node instanceof MappingNode) return "mapping";
        if (node instanceof SequenceNode) return "list";
        return "plain value";
    }
}
