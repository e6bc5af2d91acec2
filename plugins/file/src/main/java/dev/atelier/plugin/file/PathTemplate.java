package dev.atelier.plugin.file;

import dev.atelier.api.StepContext;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {input}, {pipeline} and {format} in an output path and resolves it against the working
 * folder. A value never brings a folder of its own: separators and names made only of dots are
 * replaced, so an input called {@code ...png} cannot write outside the template's folder.
 */
final class PathTemplate {
    /** Anything in braces is meant as a placeholder, so {INPUT} or {inptu} is an error, not text. */
    private static final Pattern VAR = Pattern.compile("\\{([^{}]*)}");
    static final String PLACEHOLDERS = "{input}, {pipeline} or {format}";

    private PathTemplate() { }

    static Path resolve(String template, StepContext ctx) {
        return resolve(template, ctx.input(), ctx.pipeline(), ctx.baseDirectory());
    }

    static Path resolve(String template, dev.atelier.api.ImageSource input, String pipeline, Path base) {
        String path = expand(template, name -> switch (name) {
            case "input" -> input.name();
            case "pipeline" -> pipeline;
            default -> input.format();
        });
        try {
            Path resolved = base.resolve(path).normalize();
            // the folder the template's fixed part names: no placeholder's value may lead out of it
            int brace = template.indexOf('{');
            Path fixed = brace < 0 ? null : base.resolve(template.substring(0, template.lastIndexOf('/', brace) + 1)).normalize();
            if (fixed != null && !resolved.startsWith(fixed)) {
                throw new IllegalArgumentException("path '" + template + "' would write " + resolved + ", outside " + fixed
                        + "; an input's name may not lead out of the output folder");
            }
            return resolved;
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("path '" + template + "' is not a valid file name: " + e.getMessage());
        }
    }

    /** The template with each placeholder replaced by its (cleaned) value; unknown placeholders are an error. */
    static String expand(String template, UnaryOperator<String> values) {
        Matcher m = VAR.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            if (!name.equals("input") && !name.equals("pipeline") && !name.equals("format")) {
                throw new IllegalArgumentException("path '" + template + "': unknown placeholder {" + name + "}; use " + PLACEHOLDERS
                        + " (lower case)");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(clean(values.apply(name))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** A value as one plain file-name part: no separators, no NUL, not "." or ".." (or any name of dots alone). */
    static String clean(String value) {
        String v = value.replace('/', '_').replace('\\', '_').replace('\0', '_');
        if (v.isEmpty() || v.chars().allMatch(c -> c == '.')) v = v.replace('.', '_') + "_";
        return v;
    }
}
