package dev.atelier.core.internal;

import dev.atelier.core.ParameterInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Converts a parameter value as written (a YAML number, boolean, string or list; a chain's string)
 * to the type its Metatype definition declares, and checks range and options. Every refusal says
 * what was expected, in words a person fixing the descriptor can act on.
 */
final class Values {
    private Values() { }

    static Object convert(Object raw, ParameterInfo p) {
        if (p.cardinality() > 0) {
            List<?> items = raw instanceof List<?> l ? l : split(raw.toString());
            if (items.size() > p.cardinality()) {
                throw new IllegalArgumentException("takes at most " + p.cardinality() + " values, got " + items.size());
            }
            List<Object> out = new ArrayList<>();
            for (Object item : items) out.add(one(item, p));
            return List.copyOf(out);
        }
        if (raw instanceof List<?>) throw new IllegalArgumentException("takes one " + typeWord(p) + ", not a list");
        return one(raw, p);
    }

    /** The typed default of a parameter, or null when it has none. */
    static Object defaultValue(ParameterInfo p) {
        if (p.defaults().isEmpty()) return null;
        if (p.cardinality() > 0) {
            List<Object> out = new ArrayList<>();
            for (String d : p.defaults()) out.add(parse(d, p));
            return List.copyOf(out);
        }
        return parse(p.defaults().get(0), p);
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        if (s.isBlank()) return out;
        for (String part : s.split(",")) out.add(part.trim());
        return out;
    }

    private static Object one(Object raw, ParameterInfo p) {
        Object v;
        if (raw instanceof String s) {
            v = parse(s.trim(), p);
        } else if (raw instanceof Number n) {
            v = fromNumber(n, p);
        } else if (raw instanceof Boolean b) {
            if (!p.type().equals("Boolean") && !p.type().equals("String")) {
                throw new IllegalArgumentException("expected " + typeWord(p) + ", got " + b);
            }
            v = p.type().equals("String") ? b.toString() : b;
        } else {
            throw new IllegalArgumentException("expected " + typeWord(p) + ", got " + raw);
        }
        check(v, p);
        return v;
    }

    private static Object fromNumber(Number n, ParameterInfo p) {
        switch (p.type()) {
            case "Integer", "Long", "Short", "Byte" -> {
                if (n instanceof Double d && (d != Math.rint(d) || d.isInfinite())) {
                    throw new IllegalArgumentException("expected a whole number, got " + d);
                }
                return integral(n.longValue(), p);
            }
            case "Double", "Float" -> { return n.doubleValue(); }
            case "String" -> {
                double d = n.doubleValue();
                return (n instanceof Long) ? n.toString() : (d == Math.rint(d) ? Long.toString((long) d) : n.toString());
            }
            default -> throw new IllegalArgumentException("expected " + typeWord(p) + ", got the number " + n);
        }
    }

    private static Object parse(String s, ParameterInfo p) {
        try {
            return switch (p.type()) {
                case "Integer", "Long", "Short", "Byte" -> integral(Long.parseLong(s), p);
                case "Double", "Float" -> {
                    double d = Double.parseDouble(s);
                    if (!Double.isFinite(d)) throw new NumberFormatException();
                    yield d;
                }
                case "Boolean" -> switch (s.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on" -> Boolean.TRUE;
                    case "false", "no", "off" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException("expected true or false, got '" + s + "'");
                };
                case "Character", "Char" -> {
                    if (s.length() != 1) throw new IllegalArgumentException("expected one character, got '" + s + "'");
                    yield s;
                }
                default -> s;
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected " + typeWord(p) + ", got '" + s + "'");
        }
    }

    private static Long integral(long v, ParameterInfo p) {
        long lo = switch (p.type()) { case "Integer" -> Integer.MIN_VALUE; case "Short" -> Short.MIN_VALUE; case "Byte" -> Byte.MIN_VALUE; default -> Long.MIN_VALUE; };
        long hi = switch (p.type()) { case "Integer" -> Integer.MAX_VALUE; case "Short" -> Short.MAX_VALUE; case "Byte" -> Byte.MAX_VALUE; default -> Long.MAX_VALUE; };
        if (v < lo || v > hi) throw new IllegalArgumentException(v + " does not fit in " + typeWord(p));
        return v;
    }

    private static void check(Object v, ParameterInfo p) {
        if (!p.options().isEmpty()) {
            String s = v.toString();
            boolean ok = p.options().stream().anyMatch(o -> o.value().equals(s));
            if (!ok) {
                List<String> values = p.options().stream().map(ParameterInfo.Option::value).toList();
                throw new IllegalArgumentException("'" + s + "' is not one of " + String.join(", ", values));
            }
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (p.min() != null && d < Double.parseDouble(p.min())) throw new IllegalArgumentException(v + " is below the minimum " + p.min() + " (range " + p.range() + ")");
            if (p.max() != null && d > Double.parseDouble(p.max())) throw new IllegalArgumentException(v + " is above the maximum " + p.max() + " (range " + p.range() + ")");
        } else if (v instanceof String s && p.type().equals("String")) {
            if (p.min() != null && s.length() < Integer.parseInt(p.min())) throw new IllegalArgumentException("must be at least " + p.min() + " characters long");
            if (p.max() != null && s.length() > Integer.parseInt(p.max())) throw new IllegalArgumentException("must be at most " + p.max() + " characters long");
        }
    }

    static String typeWord(ParameterInfo p) {
        return switch (p.type()) {
            case "Integer", "Long", "Short", "Byte" -> "a whole number";
            case "Double", "Float" -> "a number";
            case "Boolean" -> "true or false";
            case "Character", "Char" -> "one character";
            default -> "a text value";
        };
    }
}
