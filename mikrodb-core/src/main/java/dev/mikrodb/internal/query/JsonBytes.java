package dev.mikrodb.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mikrodb.CorruptionException;
import dev.mikrodb.internal.json.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Reads stored JSON values straight from their UTF-8 bytes, without building a tree: skips what a query does not need
 * and materializes only what it does. The bytes are the database's own (written by Jackson, checksummed on disk), so
 * they are well-formed; anything else is reported as damaged data rather than guessed at.
 *
 * <p>Materialized values are the nodes Jackson's {@code readTree} would build (an integer is an {@link IntNode}, a
 * {@link LongNode} or a {@link BigIntegerNode} by size, a fraction a {@link DoubleNode}), so the filter language
 * behaves the same on them as on a fully parsed value.
 */
final class JsonBytes {
    private JsonBytes() {
    }

    static int skipWhitespace(byte[] b, int i) {
        while (i < b.length) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return i;
            }
            i++;
        }
        return i;
    }

    /** {@code i} is at a value's first byte; returns the index just after the value. */
    static int skipValue(byte[] b, int i) {
        byte c = at(b, i);
        if (c == '"') {
            return skipString(b, i);
        }
        if (c == '{' || c == '[') {
            return skipContainer(b, i);
        }
        return skipScalar(b, i);
    }

    /** {@code i} is at the opening quote; returns the index just after the closing one. */
    static int skipString(byte[] b, int i) {
        int end = skipStringNotingEscapes(b, i);
        return end < 0 ? ~end : end;
    }

    /**
     * {@link #skipString}, in one pass telling whether the string holds an escape (its bytes are then not its text):
     * the index just after the closing quote, or that index's complement ({@code ~end}, negative) if escaped.
     * Eight bytes at a time while none of them is a quote or a backslash (about every byte a query reads of a value
     * is part of a string it skips).
     */
    static int skipStringNotingEscapes(byte[] b, int i) {
        i++;
        boolean escaped = false;
        while (true) {
            while (i + Long.BYTES <= b.length) {
                long special = quoteOrBackslash((long) LONGS.get(b, i));
                if (special != 0) {
                    i += Long.numberOfTrailingZeros(special) >>> 3; // the first such byte (little-endian order)
                    break;
                }
                i += Long.BYTES;
            }
            byte c = at(b, i);
            if (c == '"') {
                return escaped ? ~(i + 1) : i + 1;
            }
            if (c == '\\') {
                escaped = true;
                i += 2;
            } else {
                i++;
            }
        }
    }

    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /**
     * A word with the high bit set in the byte of {@code word} that is the first quote or backslash (bits may also be
     * set in later bytes, never in earlier ones: the classic "has a zero byte" test, exact for the lowest byte).
     */
    private static long quoteOrBackslash(long word) {
        long quotes = word ^ (ONES * '"');
        long backslashes = word ^ (ONES * '\\');
        return ((quotes - ONES) & ~quotes | (backslashes - ONES) & ~backslashes) & HIGH_BITS;
    }

    private static int skipContainer(byte[] b, int i) {
        int depth = 0;
        while (true) {
            byte c = at(b, i);
            if (c == '"') {
                i = skipString(b, i);
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return i + 1;
            }
            i++;
        }
    }

    /**
     * A number, {@code true}, {@code false} or {@code null}: ends at a delimiter, whitespace or any other control or
     * space byte (none can be part of one). Filters skip several of these per value they read.
     */
    private static int skipScalar(byte[] b, int i) {
        int start = i;
        while (i < b.length) {
            int c = b[i] & 0xff;
            if (c <= ' ' || c == ',' || c == '}' || c == ']') {
                break;
            }
            i++;
        }
        if (i == start) {
            throw damaged(b, start);
        }
        return i;
    }

    /** Whether the string starting at {@code i} (its opening quote) holds exactly {@code name}'s UTF-8 bytes. */
    static boolean stringEquals(byte[] b, int i, int end, byte[] name) {
        int length = end - i - 2;
        if (length != name.length) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (b[i + 1 + k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the string spanning [i, end) contains an escape, so its bytes are not its text. */
    static boolean hasEscape(byte[] b, int i, int end) {
        for (int k = i + 1; k < end - 1; k++) {
            if (b[k] == '\\') {
                return true;
            }
        }
        return false;
    }

    /** The text of the string spanning [i, end), its opening quote to just after its closing one. */
    static String text(byte[] b, int i, int end) {
        if (!hasEscape(b, i, end)) {
            return new String(b, i + 1, end - i - 2, StandardCharsets.UTF_8);
        }
        StringBuilder s = new StringBuilder(end - i);
        int k = i + 1;
        int runStart = k;
        while (k < end - 1) {
            if (b[k] != '\\') {
                k++;
                continue;
            }
            s.append(new String(b, runStart, k - runStart, StandardCharsets.UTF_8));
            byte e = b[k + 1];
            switch (e) {
                case 'n' -> s.append('\n');
                case 't' -> s.append('\t');
                case 'r' -> s.append('\r');
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'u' -> {
                    s.append((char) Integer.parseInt(new String(b, k + 2, 4, StandardCharsets.US_ASCII), 16));
                    k += 4;
                }
                default -> s.append((char) e); // \" \\ \/
            }
            k += 2;
            runStart = k;
        }
        s.append(new String(b, runStart, end - 1 - runStart, StandardCharsets.UTF_8));
        return s.toString();
    }

    /** Materializes the value at {@code i} (ending at {@code end}) as the node Jackson would build. */
    static JsonNode read(byte[] b, int i, int end) {
        byte c = b[i];
        switch (c) {
            case '"':
                return TextNode.valueOf(text(b, i, end));
            case 't':
                return BooleanNode.TRUE;
            case 'f':
                return BooleanNode.FALSE;
            case 'n':
                return NullNode.getInstance();
            case '{':
            case '[':
                try {
                    return Json.MAPPER.readTree(b, i, end - i);
                } catch (IOException e) {
                    throw damaged(b, i);
                }
            default:
                return number(b, i, end);
        }
    }

    private static JsonNode number(byte[] b, int i, int end) {
        long v = shortIntegral(b, i, end); // the common case reads the digits in place: no string per number
        if (v != NOT_SHORT) {
            return v == (int) v ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
        }
        try {
            String text = new String(b, i, end - i, StandardCharsets.US_ASCII);
            for (int k = i; k < end; k++) {
                if (b[k] == '.' || b[k] == 'e' || b[k] == 'E') {
                    return DoubleNode.valueOf(Double.parseDouble(text));
                }
            }
            BigInteger big = new BigInteger(text);
            return big.bitLength() < 64 ? LongNode.valueOf(big.longValue()) : BigIntegerNode.valueOf(big);
        } catch (NumberFormatException e) {
            throw damaged(b, i);
        }
    }

    /** {@link #shortIntegral}'s answer for anything but an integer of at most 18 digits. */
    static final long NOT_SHORT = Long.MIN_VALUE;

    /**
     * The integer spanning [s, e) when it has at most 18 digits (so it is the {@code IntNode} or {@code LongNode}
     * Jackson would read, and never {@link #NOT_SHORT}), else {@link #NOT_SHORT}: fractions, exponents, longer
     * numbers, and anything that is not a number.
     */
    static long shortIntegral(byte[] b, int s, int e) {
        boolean negative = s < e && b[s] == '-';
        int first = negative ? s + 1 : s;
        if (e - first > 18 || e == first) {
            return NOT_SHORT;
        }
        long v = 0;
        for (int k = first; k < e; k++) {
            int d = b[k] - '0';
            if (d < 0 || d > 9) {
                return NOT_SHORT;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    private static byte at(byte[] b, int i) {
        if (i >= b.length) {
            throw damaged(b, i);
        }
        return b[i];
    }

    static CorruptionException damaged(byte[] b, int i) {
        return new CorruptionException("a stored value is not valid JSON (at byte " + i + " of " + b.length + ")");
    }
}
