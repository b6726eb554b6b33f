package dev.mikrodb.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ShortNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a Jackson tree as UTF-8 JSON straight into a reused per-thread buffer, byte for byte what
 * {@link Json#MAPPER} writes. It exists for speed: serialising a small value tree through the mapper (a serializer
 * provider, a generator and its decorator per call) was 43% of an embedded write (docs/benchmarks.md).
 *
 * <p>It covers the node types values are made of (objects, arrays, text, int/long/short, double/float, booleans,
 * null). Anything else (big numbers, binary, POJO nodes, a string with an unpaired surrogate, a non-finite double or
 * nesting deeper than {@link Json#MAX_NESTING_DEPTH}) makes {@link #write} return null, and the caller serialises
 * with the mapper, which gives those cases their established output or error. JsonTreeWriterTest compares both
 * writers over random trees.
 */
final class JsonTreeWriter {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Per ASCII character: 0 written as is, a letter for a two-character escape, 'u' for a six-byte \\u escape. */
    private static final byte[] ESCAPES = new byte[128];
    private static final int KEEP_BUFFER_UP_TO = 64 << 10;
    private static final ThreadLocal<JsonTreeWriter> PER_THREAD = ThreadLocal.withInitial(JsonTreeWriter::new);

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = 'u';
        }
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\f'] = 'f';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
    }

    /** Signals a node this writer leaves to the mapper; carries no stack, it is control flow. */
    private static final class Unsupported extends RuntimeException {
        static final Unsupported INSTANCE = new Unsupported();

        private Unsupported() {
            super(null, null, false, false);
        }
    }

    private byte[] buf = new byte[1024];
    private int pos;

    private JsonTreeWriter() {
    }

    /** The UTF-8 JSON of {@code node}, or null when the mapper must write it (see the class comment). */
    static byte[] write(JsonNode node) {
        JsonTreeWriter w = PER_THREAD.get();
        w.pos = 0;
        try {
            w.value(node, 0);
            return Arrays.copyOf(w.buf, w.pos);
        } catch (Unsupported e) {
            return null;
        } finally {
            if (w.buf.length > KEEP_BUFFER_UP_TO) {
                w.buf = new byte[1024]; // one large value must not pin a large buffer on every thread that wrote it
            }
        }
    }

    private void value(JsonNode node, int depth) {
        if (node instanceof TextNode t) {
            string(t.textValue());
        } else if (node instanceof ObjectNode o) {
            object(o, nested(depth));
        } else if (node instanceof IntNode || node instanceof LongNode || node instanceof ShortNode) {
            ascii(Long.toString(node.longValue()));
        } else if (node instanceof DoubleNode || node instanceof FloatNode) {
            number(node);
        } else if (node instanceof ArrayNode a) {
            array(a, nested(depth));
        } else if (node instanceof BooleanNode) {
            ascii(node.booleanValue() ? "true" : "false");
        } else if (node instanceof NullNode) {
            ascii("null");
        } else {
            throw Unsupported.INSTANCE;
        }
    }

    private void number(JsonNode node) {
        double d = node.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw Unsupported.INSTANCE; // the mapper refuses it with its own message
        }
        ascii(node instanceof FloatNode ? Float.toString(node.floatValue()) : Double.toString(d));
    }

    /** The depth of a container inside one at {@code depth}; past the limit the mapper writes (or refuses) it. */
    private static int nested(int depth) {
        if (depth >= Json.MAX_NESTING_DEPTH) {
            throw Unsupported.INSTANCE;
        }
        return depth + 1;
    }

    private void object(ObjectNode o, int depth) {
        put((byte) '{');
        boolean first = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!first) {
                put((byte) ',');
            }
            first = false;
            string(field.getKey());
            put((byte) ':');
            value(field.getValue(), depth);
        }
        put((byte) '}');
    }

    private void array(ArrayNode a, int depth) {
        put((byte) '[');
        for (int i = 0, n = a.size(); i < n; i++) {
            if (i > 0) {
                put((byte) ',');
            }
            value(a.get(i), depth);
        }
        put((byte) ']');
    }

    private void string(String s) {
        int n = s.length();
        ensure(n * 6L + 2); // the worst case per char: a six-byte \\u escape; 3 bytes of UTF-8 at most
        byte[] b = buf;
        int p = pos;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte escape = ESCAPES[c];
                if (escape == 0) {
                    b[p++] = (byte) c;
                } else if (escape == 'u') {
                    p = unicodeEscape(b, p, c);
                } else {
                    b[p++] = '\\';
                    b[p++] = escape;
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (!Character.isSurrogate(c)) {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else {
                char low = i + 1 < n ? s.charAt(i + 1) : 0;
                if (!Character.isHighSurrogate(c) || !Character.isLowSurrogate(low)) {
                    throw Unsupported.INSTANCE; // unpaired: the mapper reports it
                }
                i++;
                // The mapper escapes a pair rather than writing its four UTF-8 bytes (Jackson's
                // COMBINE_UNICODE_SURROGATES_IN_UTF8 is off): 12 bytes, the reservation for two chars.
                p = unicodeEscape(b, p, c);
                p = unicodeEscape(b, p, low);
            }
        }
        b[p++] = '"';
        pos = p;
    }

    private static int unicodeEscape(byte[] b, int p, char c) {
        b[p++] = '\\';
        b[p++] = 'u';
        b[p++] = HEX[c >> 12];
        b[p++] = HEX[(c >> 8) & 0xF];
        b[p++] = HEX[(c >> 4) & 0xF];
        b[p++] = HEX[c & 0xF];
        return p;
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[pos++] = b;
    }

    private void ensure(long more) {
        if (pos + more > buf.length) {
            long wanted = Math.max((long) buf.length * 2, pos + more);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw Unsupported.INSTANCE; // the mapper's own limits apply to a value this large
            }
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }
}
