package dev.atelier.studio.panel;

import java.util.Collection;
import java.util.Map;

/**
 * Just enough JSON writing for the Studio's answers and its panels': maps, lists, arrays, records (an object of
 * their components), strings, numbers, booleans, null.
 */
public final class Json {
    private Json() { }

    public static String of(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
            sb.append(v);
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d)) sb.append(d); else sb.append("null");
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                string(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) sb.append(',');
                first = false;
                write(sb, o);
            }
            sb.append(']');
        } else if (v.getClass().isArray()) {
            sb.append('[');
            for (int i = 0, n = java.lang.reflect.Array.getLength(v); i < n; i++) {
                if (i > 0) sb.append(',');
                write(sb, java.lang.reflect.Array.get(v, i));
            }
            sb.append(']');
        } else if (v instanceof Record r) {
            sb.append('{');
            boolean first = true;
            for (java.lang.reflect.RecordComponent c : r.getClass().getRecordComponents()) {
                if (!first) sb.append(',');
                first = false;
                string(sb, c.getName());
                sb.append(':');
                try {
                    write(sb, c.getAccessor().invoke(r));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalArgumentException("cannot read " + r.getClass().getName() + "." + c.getName() + " for JSON: " + e, e);
                }
            }
            sb.append('}');
        } else {
            string(sb, String.valueOf(v));
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                // '<' as an escape too, so a string can never close a <script> it is written into
                case '<' -> sb.append("\\u003c");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) sb.append(String.format("\\u%04x", (int) c)); else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
