package dev.mikrodb.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * {@link JsonValues}' equality and ordering answered on a stored value's bytes where that is cheap and certain:
 * integers of up to 18 digits, strings without escapes (ordered only when both sides are ASCII), true, false and
 * null. For anything else (fractions, longer numbers, escaped strings, arrays, objects) the answer is {@link #SLOW}:
 * the caller decodes the value ({@link JsonBytes#read}, the node Jackson would build) and asks JsonValues. Each fast
 * answer is the one JsonValues gives on that node; the bytes only save building it.
 */
final class SpanValues {
    /** The bytes cannot answer cheaply: decode the value and compare the trees. */
    static final int SLOW = Integer.MIN_VALUE;
    /** The two are not both numbers or both strings: {@link JsonValues#compareSameKind} is null. */
    static final int UNORDERED = Integer.MIN_VALUE + 1;
    private static final long EXACT_DOUBLE_LIMIT = 1L << 53;

    private enum Kind { LONG, DOUBLE, STRING, TRUE, FALSE, NULL, OTHER }

    /** A filter's operand, prepared once to be compared with every stored value a scan reads. */
    static final class Operand {
        final JsonNode node;
        private final Kind kind;
        private final long longValue;
        private final double doubleValue;
        private final byte[] utf8;
        private final boolean ascii;

        Operand(JsonNode node) {
            this.node = node;
            this.longValue = node.isIntegralNumber() && node.canConvertToLong() ? node.longValue() : 0;
            this.doubleValue = node.isDouble() || node.isFloat() ? node.doubleValue() : 0;
            byte[] text = node.isTextual() ? node.textValue().getBytes(StandardCharsets.UTF_8) : null;
            // A text with a lone surrogate does not survive UTF-8 ('?' stands in): compare such text as trees.
            boolean exact = text != null && new String(text, StandardCharsets.UTF_8).equals(node.textValue());
            this.utf8 = exact ? text : null;
            this.ascii = exact && isPlainAscii(text, 0, text.length);
            this.kind = node.isIntegralNumber() && node.canConvertToLong() ? Kind.LONG
                    : node.isDouble() || node.isFloat() ? Kind.DOUBLE
                    : exact ? Kind.STRING
                    : node.isBoolean() ? (node.booleanValue() ? Kind.TRUE : Kind.FALSE)
                    : node.isNull() ? Kind.NULL
                    : Kind.OTHER;
        }
    }

    private SpanValues() {
    }

    /**
     * Whether the value spanning [s, e) of {@code b} equals {@code o} as {@link JsonValues#equal} defines it: 1 or 0,
     * or {@link #SLOW}.
     */
    static int equal(byte[] b, int s, int e, Operand o) {
        byte c = b[s];
        switch (o.kind) {
            case LONG, DOUBLE -> {
                if (!isNumberStart(c)) {
                    return 0; // a number never equals another kind
                }
                int order = compareNumber(b, s, e, o);
                return order == SLOW ? SLOW : order == 0 ? 1 : 0;
            }
            case STRING -> {
                return c == '"' ? equalString(b, s, e, o.utf8) : 0;
            }
            case TRUE -> {
                return c == 't' ? 1 : 0;
            }
            case FALSE -> {
                return c == 'f' ? 1 : 0;
            }
            case NULL -> {
                return c == 'n' ? 1 : 0;
            }
            default -> {
                return SLOW;
            }
        }
    }

    /**
     * Whether the value spanning [s, e) equals any of {@code any}: 1, else {@link #SLOW} if one of them could not
     * tell, else 0 ({@code in} and, with one operand, equality).
     */
    static int equalToAny(byte[] b, int s, int e, Operand[] any) {
        int answer = 0;
        for (Operand o : any) {
            int equal = equal(b, s, e, o);
            if (equal == 1) {
                return 1;
            }
            if (equal == SLOW) {
                answer = SLOW;
            }
        }
        return answer;
    }

    /** Each of {@code values} (the elements of an array node, say), prepared. */
    static Operand[] operands(Iterable<JsonNode> values) {
        java.util.List<Operand> out = new java.util.ArrayList<>();
        for (JsonNode v : values) {
            out.add(new Operand(v));
        }
        return out.toArray(Operand[]::new);
    }

    /**
     * The sign of comparing the value spanning [s, e) with {@code o} as {@link JsonValues#compareSameKind} does (-1,
     * 0 or 1), {@link #UNORDERED} where that is null, or {@link #SLOW}.
     */
    static int compare(byte[] b, int s, int e, Operand o) {
        byte c = b[s];
        switch (o.kind) {
            case LONG, DOUBLE -> {
                return isNumberStart(c) ? compareNumber(b, s, e, o) : UNORDERED;
            }
            case STRING -> {
                if (c != '"') {
                    return UNORDERED;
                }
                // Java orders strings by UTF-16 units and the bytes are UTF-8: the orders agree on ASCII only.
                if (!o.ascii || !isPlainAscii(b, s + 1, e - 1)) {
                    return SLOW;
                }
                return compareAscii(b, s + 1, e - 1, o.utf8);
            }
            default -> {
                return SLOW;
            }
        }
    }

    private static int compareNumber(byte[] b, int s, int e, Operand o) {
        long v = JsonBytes.shortIntegral(b, s, e);
        if (v == JsonBytes.NOT_SHORT) {
            return SLOW;
        }
        if (o.kind == Kind.LONG) {
            return Long.compare(v, o.longValue); // both integers that fit a long: compareNumbers' first case
        }
        // An integer within 2^53 and a double compare as doubles (compareNumbers' second case); a larger one does not.
        return Math.abs(v) <= EXACT_DOUBLE_LIMIT ? JsonValues.compareDoubles(v, o.doubleValue) : SLOW;
    }

    /**
     * Compares a stored string (its quotes at s and e - 1) with a text's UTF-8 bytes. Unescaped, the bytes between
     * the quotes are the text's; an escape always stands for fewer bytes than it takes, so an escaped string of the
     * same length or shorter cannot be equal, and only a longer one needs decoding.
     */
    private static int equalString(byte[] b, int s, int e, byte[] text) {
        int length = e - s - 2;
        if (length < text.length) {
            return 0;
        }
        boolean escaped = JsonBytes.hasEscape(b, s, e);
        if (length > text.length) {
            return escaped ? SLOW : 0;
        }
        return !escaped && java.util.Arrays.equals(b, s + 1, e - 1, text, 0, text.length) ? 1 : 0;
    }

    private static int compareAscii(byte[] b, int from, int to, byte[] text) {
        return Integer.signum(java.util.Arrays.compare(b, from, to, text, 0, text.length));
    }

    private static boolean isPlainAscii(byte[] b, int from, int to) {
        for (int k = from; k < to; k++) {
            if (b[k] < 0 || b[k] == '\\') {
                return false; // a byte of a multi-byte character, or an escape (whose bytes are not the text)
            }
        }
        return true;
    }

    private static boolean isNumberStart(byte c) {
        return c == '-' || (c >= '0' && c <= '9');
    }
}
