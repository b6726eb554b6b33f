package dev.mikrodb.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The fields of a {@link Projection}'s sparse object: a handful of names (those a query's filter and sort name),
 * kept in two arrays in insertion order. A query builds one per item it examines, so a hash map's table, entry
 * objects and hashing were a quarter of a 100,000-item scan; a lookup here is a few reference or string compares
 * (the names are usually the very strings the compiled filter asks for).
 */
final class FieldMap extends AbstractMap<String, JsonNode> {
    private String[] names;
    private JsonNode[] values;
    private int size;

    FieldMap(int capacity) {
        names = new String[Math.max(1, capacity)];
        values = new JsonNode[names.length];
    }

    private int indexOf(Object name) {
        for (int i = 0; i < size; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public JsonNode get(Object name) {
        int i = indexOf(name);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(name) >= 0;
    }

    @Override
    public JsonNode put(String name, JsonNode value) {
        int i = indexOf(name);
        if (i >= 0) {
            JsonNode old = values[i];
            values[i] = value;
            return old;
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size++] = value;
        return null;
    }

    @Override
    public int size() {
        return size;
    }

    /**
     * The fields in insertion order, as a read-only copy: only equality and printing of a projected value iterate
     * it, and nothing changes a projection once it is built (so there is no removal either).
     */
    @Override
    public Set<Entry<String, JsonNode>> entrySet() {
        Set<Entry<String, JsonNode>> entries = new LinkedHashSet<>();
        for (int i = 0; i < size; i++) {
            entries.add(Map.entry(names[i], values[i]));
        }
        return Collections.unmodifiableSet(entries);
    }
}
