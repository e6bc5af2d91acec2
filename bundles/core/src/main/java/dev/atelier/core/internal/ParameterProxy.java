package dev.atelier.core.internal;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Presents a step's parameter map as the plugin's configuration type, as Declarative Services does
 * for component property types: method {@code line_width()} reads key {@code line.width}.
 */
final class ParameterProxy {
    private ParameterProxy() { }

    static <T> T create(Class<T> type, Map<String, Object> values) {
        if (!type.isInterface()) throw new IllegalArgumentException(type.getName() + " is not an interface or annotation");
        InvocationHandler h = (proxy, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "toString" -> type.getSimpleName() + values;
                    case "hashCode" -> values.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                };
            }
            if (m.getName().equals("annotationType") && m.getParameterCount() == 0) return type;
            Object v = values.get(key(m.getName()));
            if (v == null) {
                if (m.getDefaultValue() != null) return m.getDefaultValue();
                if (m.isDefault()) return InvocationHandler.invokeDefault(proxy, m, args);
                return zero(m.getReturnType());
            }
            return convert(v, m.getReturnType(), m);
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h));
    }

    /** The DS 1.4 mapping of a method name to a property key. */
    static String key(String method) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c == '$') {
                if (method.startsWith("$$", i)) { sb.append('$'); i++; }
                else if (method.startsWith("$_$", i)) { sb.append('-'); i += 2; }
            } else if (c == '_') {
                if (method.startsWith("__", i)) { sb.append('_'); i++; }
                else sb.append('.');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(Object v, Class<?> to, Method m) {
        if (to.isArray()) {
            Collection<?> items = v instanceof Collection<?> c ? c : List.of(v);
            Object arr = Array.newInstance(to.getComponentType(), items.size());
            int i = 0;
            for (Object item : items) Array.set(arr, i++, convert(item, to.getComponentType(), m));
            return arr;
        }
        if (v instanceof Collection<?> c) v = c.isEmpty() ? null : c.iterator().next();
        if (v == null) return zero(to);
        if (to == String.class) return v.toString();
        if (to == int.class || to == Integer.class) return ((Number) v).intValue();
        if (to == long.class || to == Long.class) return ((Number) v).longValue();
        if (to == double.class || to == Double.class) return ((Number) v).doubleValue();
        if (to == float.class || to == Float.class) return ((Number) v).floatValue();
        if (to == short.class || to == Short.class) return ((Number) v).shortValue();
        if (to == byte.class || to == Byte.class) return ((Number) v).byteValue();
        if (to == boolean.class || to == Boolean.class) return v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString());
        if (to == char.class || to == Character.class) return v.toString().charAt(0);
        if (to.isEnum()) {
            String s = v.toString();
            for (Object c : to.getEnumConstants()) {
                String n = ((Enum) c).name();
                if (n.equals(s) || n.equalsIgnoreCase(s.replace('-', '_'))) return c;
            }
            throw new IllegalArgumentException("parameter " + key(m.getName()) + ": '" + s + "' is not a " + to.getSimpleName());
        }
        if (to.isInstance(v)) return v;
        throw new IllegalArgumentException("parameter " + key(m.getName()) + ": cannot give " + v + " as " + to.getSimpleName().toLowerCase(Locale.ROOT));
    }

    private static Object zero(Class<?> t) {
        if (!t.isPrimitive()) return null;
        if (t == boolean.class) return false;
        if (t == char.class) return '\0';
        if (t == double.class) return 0d;
        if (t == float.class) return 0f;
        if (t == long.class) return 0L;
        if (t == int.class) return 0;
        if (t == short.class) return (short) 0;
        return (byte) 0;
    }
}
