package dev.atelier.core.internal;

import dev.atelier.core.DescriptorException;
import dev.atelier.core.PipelineSpec;
import dev.atelier.core.Problem;
import dev.atelier.core.StepSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a one-line chain in the spirit of gst-launch: {@code deblock ! dither palette=cga ! file path=out/x.png}.
 * Elements are separated by {@code !}; each is a name followed by {@code key=value} pairs; a value may
 * be quoted with ' or " to hold spaces or '!'. Values stay strings; the resolver converts them to the
 * parameter's declared type. Positions in problems are 1-based columns.
 */
public final class ChainParser {
    private ChainParser() { }

    public static PipelineSpec parse(String chain) throws DescriptorException {
        List<Problem> problems = new ArrayList<>();
        List<StepSpec> steps = new ArrayList<>();
        List<List<Token>> elements = split(chain, problems);
        int index = 1;
        for (List<Token> element : elements) {
            if (element.isEmpty()) {
                problems.add(new Problem("chain", 0, null, "empty element: two '!' in a row, or a '!' at an end"));
                continue;
            }
            Token nameToken = element.get(0);
            String name = nameToken.text;
            String label = index + " '" + name + "'";
            if (name.contains("=")) {
                problems.add(new Problem("chain", nameToken.column, "" + index, "an element starts with a filter or output name, not '" + name + "'"));
                index++;
                continue;
            }
            Map<String, Object> params = new LinkedHashMap<>();
            Map<String, Integer> cols = new LinkedHashMap<>();
            for (Token t : element.subList(1, element.size())) {
                int eq = t.text.indexOf('=');
                if (eq <= 0) {
                    problems.add(new Problem("chain", t.column, label, "'" + t.text + "' is not key=value"));
                    continue;
                }
                String key = t.text.substring(0, eq);
                if (params.containsKey(key)) {
                    problems.add(new Problem("chain", t.column, label, "parameter '" + key + "' is given twice"));
                }
                params.put(key, t.text.substring(eq + 1));
                cols.put(key, t.column);
            }
            steps.add(new StepSpec(index++, name, params, nameToken.column, cols));
        }
        if (problems.isEmpty() && steps.isEmpty()) {
            problems.add(new Problem("chain", 0, null, "the chain is empty; write for example: dither palette=cga ! file path=out/{input}.png"));
        }
        if (!problems.isEmpty()) throw new DescriptorException(problems);
        return new PipelineSpec("chain", chain, null, steps, List.of(), true);
    }

    private record Token(String text, int column) { }

    private static List<List<Token>> split(String s, List<Problem> problems) {
        List<List<Token>> elements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        StringBuilder tok = null;
        int tokStart = 0;
        char quote = 0;
        int quoteStart = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : 0;
            if (quote != 0) {
                if (i == s.length()) {
                    problems.add(new Problem("chain", quoteStart + 1, null, "quote " + quote + " is not closed"));
                    break;
                }
                if (c == quote) quote = 0;
                else tok.append(c);
                continue;
            }
            boolean end = i == s.length();
            if (end || Character.isWhitespace(c) || c == '!') {
                if (tok != null) {
                    current.add(new Token(tok.toString(), tokStart + 1));
                    tok = null;
                }
                if (c == '!' || end) {
                    elements.add(current);
                    current = new ArrayList<>();
                }
                continue;
            }
            if (tok == null) {
                tok = new StringBuilder();
                tokStart = i;
            }
            if (c == '"' || c == '\'') {
                quote = c;
                quoteStart = i;
            } else {
                tok.append(c);
            }
        }
        return elements;
    }
}
