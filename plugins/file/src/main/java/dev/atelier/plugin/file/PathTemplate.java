package dev.atelier.plugin.file;

import dev.atelier.api.StepContext;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Expands {input}, {pipeline} and {format} in an output path and resolves it against the working folder. */
final class PathTemplate {
    private static final Pattern VAR = Pattern.compile("\\{([a-z]+)}");

    private PathTemplate() { }

    static Path resolve(String template, StepContext ctx) {
        Matcher m = VAR.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "input" -> ctx.input().name();
                case "pipeline" -> ctx.pipeline();
                case "format" -> ctx.input().format();
                default -> throw new IllegalArgumentException("path '" + template + "': unknown placeholder {" + m.group(1)
                        + "}; use {input}, {pipeline} or {format}");
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        try {
            return ctx.baseDirectory().resolve(sb.toString()).normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("path '" + template + "' is not a valid file name: " + e.getMessage());
        }
    }
}
