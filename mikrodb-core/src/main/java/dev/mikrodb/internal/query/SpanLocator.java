package dev.mikrodb.internal.query;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds where the paths a filter names lie in a stored value's JSON bytes, all in one pass that skips everything
 * else without decoding it. Paths resolve as {@link JsonValues#resolve} does: a segment names an object's field, or,
 * when it is a number, an array's element. Stored values never hold a field twice (they are written from parsed
 * trees or checked by {@code CompactJson}), so an object is read only until every wanted field was found.
 *
 * <p>Paths are registered while a filter compiles ({@link #add}); {@link #locate} then answers, per path, the start
 * and end of its value in the bytes, or zeros for a missing one.
 */
final class SpanLocator {
    /** One path segment; the root has none. */
    private static final class Segment {
        final String name;
        final byte[] nameBytes;
        /** The array element this segment names, as {@link JsonValues#resolve} reads it, or -1. */
        final int element;
        /** The path ending here, or -1. */
        int path = -1;
        final List<Segment> children = new ArrayList<>();
        Segment[] next = new Segment[0];
        /** The UTF-8 lengths of the children's names: most fields of a value are told apart by length alone. */
        int[] nameLengths = new int[0];
        /** The highest array element a child names, or -1. */
        int lastElement = -1;

        Segment(String name) {
            this.name = name;
            this.nameBytes = name == null ? null : name.getBytes(StandardCharsets.UTF_8);
            this.element = name == null || !JsonValues.isIndex(name) ? -1 : Integer.parseInt(name);
        }

        Segment child(String name) {
            for (Segment c : children) {
                if (c.name.equals(name)) {
                    return c;
                }
            }
            Segment c = new Segment(name);
            children.add(c);
            next = children.toArray(Segment[]::new);
            nameLengths = children.stream().mapToInt(n -> n.nameBytes.length).toArray();
            lastElement = Math.max(lastElement, c.element);
            return c;
        }

        /** The wanted field whose name is the string spanning [i, end) (quotes included, no escapes), or null. */
        Segment field(byte[] b, int i, int end) {
            int length = end - i - 2;
            for (int k = 0; k < nameLengths.length; k++) {
                if (nameLengths[k] == length && JsonBytes.stringEquals(b, i, end, next[k].nameBytes)) {
                    return next[k];
                }
            }
            return null;
        }

        Segment field(String name) {
            for (Segment c : next) {
                if (c.name.equals(name)) {
                    return c;
                }
            }
            return null;
        }

    }

    private final Segment root = new Segment(null);
    private int paths;

    /** Registers a path (its segments) and returns its number: its span is at {@code 2 * number} in the answer. */
    int add(String[] path) {
        Segment s = root;
        for (String name : path) {
            s = s.child(name);
        }
        if (s.path < 0) {
            s.path = paths++;
        }
        return s.path;
    }

    /**
     * Per registered path, the start and end of its value in {@code json}, or 0 and 0 when it is missing: no path's
     * value starts at byte 0, which is the whole value's (every path names at least one field or element in it).
     */
    int[] locate(byte[] json) {
        return locate(json, newSpans());
    }

    /** An array for {@link #locate(byte[], int[])}: two places per registered path. */
    int[] newSpans() {
        return new int[2 * paths];
    }

    /** {@link #locate(byte[])} into {@code spans} (from {@link #newSpans}), which it clears first; returns it. */
    int[] locate(byte[] json, int[] spans) {
        java.util.Arrays.fill(spans, 0);
        int i = JsonBytes.skipWhitespace(json, 0);
        if (i < json.length) {
            visit(json, i, root, spans);
        }
        return spans;
    }

    /** Finds the children of {@code s} in the value at {@code i}. */
    private static void visit(byte[] b, int i, Segment s, int[] spans) {
        if (s.next.length == 0) {
            return;
        }
        if (b[i] == '{') {
            object(b, i, s, spans);
        } else if (b[i] == '[' && s.lastElement >= 0) {
            array(b, i, s, spans);
        }
    }

    private static void object(byte[] b, int i, Segment s, int[] spans) {
        int found = 0;
        i = token(b, i + 1); // past '{'
        while (found < s.next.length) {
            if (i >= b.length) {
                throw JsonBytes.damaged(b, i);
            }
            if (b[i] == '}') {
                return;
            }
            if (b[i] == ',') {
                i = token(b, i + 1);
            }
            int nameEnd = JsonBytes.skipStringNotingEscapes(b, i);
            Segment child;
            if (nameEnd < 0) { // an escaped name: compare its text
                nameEnd = ~nameEnd;
                child = s.field(JsonBytes.text(b, i, nameEnd));
            } else {
                child = s.field(b, i, nameEnd);
            }
            int v = token(b, nameEnd);
            if (v >= b.length || b[v] != ':') {
                throw JsonBytes.damaged(b, v);
            }
            v = token(b, v + 1);
            int end = JsonBytes.skipValue(b, v);
            if (child != null) {
                if (child.next.length == 0) { // a leaf, as most are: no call into the walk
                    spans[2 * child.path] = v;
                    spans[2 * child.path + 1] = end;
                } else {
                    found(b, v, end, child, spans);
                }
                found++;
            }
            i = token(b, end);
        }
    }

    /**
     * The next byte that is not whitespace from {@code i}: {@code i} itself in compact JSON, which is how values are
     * stored, so that case costs one compare (this walk runs for every value a filtered scan reads).
     */
    private static int token(byte[] b, int i) {
        return i < b.length && b[i] > ' ' ? i : JsonBytes.skipWhitespace(b, i);
    }

    private static void array(byte[] b, int i, Segment s, int[] spans) {
        int index = 0;
        i = token(b, i + 1); // past '['
        while (i < b.length && b[i] != ']' && index <= s.lastElement) {
            int end = JsonBytes.skipValue(b, i);
            for (Segment child : s.next) { // "1" and "01" both name element 1
                if (child.element == index) {
                    found(b, i, end, child, spans);
                }
            }
            index++;
            i = token(b, end);
            if (i < b.length && b[i] == ',') {
                i = token(b, i + 1);
            }
        }
        if (i >= b.length) {
            throw JsonBytes.damaged(b, i);
        }
    }

    private static void found(byte[] b, int start, int end, Segment s, int[] spans) {
        if (s.path >= 0) {
            spans[2 * s.path] = start;
            spans[2 * s.path + 1] = end;
        }
        visit(b, start, s, spans);
    }
}
