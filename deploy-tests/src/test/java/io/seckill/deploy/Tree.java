package io.seckill.deploy;

import java.util.List;
import java.util.Map;

/** Null-tolerant navigation in parsed YAML/JSON trees (maps and lists), so checks read like the documents. */
final class Tree {

    private Tree() {
    }

    /** The value at a dotted path of map keys, or null when any step is missing. */
    static Object at(Object node, String dottedPath) {
        Object current = node;
        for (String key : dottedPath.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String dottedPath) {
        Object value = at(node, dottedPath);
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String dottedPath) {
        Object value = at(node, dottedPath);
        return value instanceof List<?> ? (List<Object>) value : List.of();
    }

    static String string(Object node, String dottedPath) {
        Object value = at(node, dottedPath);
        return value == null ? null : value.toString();
    }
}
