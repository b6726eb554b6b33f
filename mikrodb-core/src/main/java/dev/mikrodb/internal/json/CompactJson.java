package dev.mikrodb.internal.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Recognises JSON a caller hands in as bytes that can be stored exactly as given: one value, no whitespace outside
 * strings, strictly valid UTF-8, no duplicate field names, no number a double cannot hold, nesting within
 * {@link #MAX_DEPTH}. Reading such bytes back gives what parsing the input gives, so storing them unchanged is the
 * same as parsing and writing them again, without the tree.
 *
 * <p>It only ever says yes to what {@link Json#parseUserJson} accepts; anything unusual (whitespace, an exponent, a
 * long number, an escaped field name, a surrogate escape, deep nesting, an object with many fields) is a no, and
 * the caller takes the parsing path, which rejects bad input with its message or stores the value re-written. A no
 * therefore costs speed, never correctness; a wrong yes would store something the parser refuses, which the tests
 * rule out against Jackson.
 */
public final class CompactJson {
    /** Deeper values are left to the parser, whose limit is {@link Json#MAX_NESTING_DEPTH}. */
    static final int MAX_DEPTH = 64;
    /** Objects with more fields are left to the parser: the duplicate check here compares every pair. */
    static final int MAX_FIELDS = 64;
    /** Integer parts with more digits are left to the parser (it keeps them as big integers). */
    private static final int MAX_INTEGER_DIGITS = 18;
    /** Longer fractions are left to the parser: a bound on the work, not a limit of doubles. */
    private static final int MAX_FRACTION_DIGITS = 30;
    /**
     * Longer names and strings are left to the parser, well within Jackson's own limits (50,000 characters for a
     * name, 20,000,000 for a string), which it applies when a stored value is read back.
     */
    private static final int MAX_NAME_BYTES = 1_000;
    private static final int MAX_STRING_BYTES = 1 << 20;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long SPACES = ONES * 0x20;

    /**
     * One checker per thread, reused: a new one per check (with its name offsets) was about a tenth of a single
     * write's garbage and an eighth of a bulk ingest's. A check calls nothing outside this class, so it never
     * re-enters its thread's checker.
     */
    private static final ThreadLocal<CompactJson> PER_THREAD = ThreadLocal.withInitial(CompactJson::new);

    private byte[] b;
    private int p;
    /** Start and end offsets of the field names of the objects being read, innermost last. */
    private int[] names = new int[32];
    private int nameCount;
    /**
     * For {@link #objectFields}: where the top-level object's fields go (name start and end, quotes included, then
     * the value's start and end), and how many went, -1 once there were more than it holds; null otherwise.
     */
    private int[] spans;
    private int spanCount;

    private CompactJson() {
    }

    /** Whether {@code json} can be stored as it is (see the class comment); false says only "parse it". */
    public static boolean isStorableAsIs(byte[] json) {
        CompactJson c = PER_THREAD.get();
        c.b = json;
        c.p = 0;
        c.nameCount = 0;
        try {
            return c.value(0) && c.p == json.length;
        } finally {
            c.b = null; // keeps no caller's value alive between checks
        }
    }

    /**
     * {@link #isStorableAsIs} for an object, which also gives where its fields are: for field {@code i}, in the order
     * written, {@code spans[4i]} and {@code spans[4i + 1]} bound its name (quotes included; a storable name has no
     * escapes) and {@code spans[4i + 2]} and {@code spans[4i + 3]} its value, itself storable as it is. Returns the
     * number of fields, or -1 when {@code json} is not a storable object or has more fields than {@code spans} holds.
     */
    public static int objectFields(byte[] json, int[] spans) {
        if (json.length == 0 || json[0] != '{') {
            return -1;
        }
        CompactJson c = PER_THREAD.get();
        c.b = json;
        c.p = 0;
        c.nameCount = 0;
        c.spans = spans;
        c.spanCount = 0;
        try {
            return c.value(0) && c.p == json.length ? c.spanCount : -1;
        } finally {
            c.b = null;
            c.spans = null;
        }
    }

    private boolean value(int depth) {
        if (p >= b.length) {
            return false;
        }
        return switch (b[p]) {
            case '{' -> depth < MAX_DEPTH && object(depth + 1);
            case '[' -> depth < MAX_DEPTH && array(depth + 1);
            case '"' -> string(false);
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        };
    }

    private boolean object(int depth) {
        p++;
        if (p < b.length && b[p] == '}') {
            p++;
            return true;
        }
        int first = nameCount;
        try {
            while (true) {
                if (p >= b.length || b[p] != '"') {
                    return false;
                }
                int start = p;
                if (!string(true) || nameCount - first >= MAX_FIELDS || isDuplicate(first, start, p)) {
                    return false;
                }
                addName(start, p);
                if (p >= b.length || b[p] != ':') {
                    return false;
                }
                p++;
                int valueStart = p;
                if (!value(depth) || p >= b.length) {
                    return false;
                }
                if (depth == 1 && spans != null) {
                    span(start, valueStart - 1, valueStart, p);
                }
                byte c = b[p++];
                if (c == '}') {
                    return true;
                }
                if (c != ',') {
                    return false;
                }
            }
        } finally {
            nameCount = first;
        }
    }

    private boolean array(int depth) {
        p++;
        if (p < b.length && b[p] == ']') {
            p++;
            return true;
        }
        while (true) {
            if (!value(depth) || p >= b.length) {
                return false;
            }
            byte c = b[p++];
            if (c == ']') {
                return true;
            }
            if (c != ',') {
                return false;
            }
        }
    }

    /** Whether the name spanning [start, end) (quotes included, no escapes) is one of this object's earlier ones. */
    private boolean isDuplicate(int first, int start, int end) {
        int length = end - start;
        for (int k = first; k < nameCount; k++) {
            int s = names[2 * k];
            if (names[2 * k + 1] - s == length && java.util.Arrays.equals(b, s, s + length, b, start, end)) {
                return true;
            }
        }
        return false;
    }

    /** Records a top-level field for {@link #objectFields}. */
    private void span(int nameStart, int nameEnd, int valueStart, int valueEnd) {
        if (spanCount < 0 || 4 * spanCount + 4 > spans.length) {
            spanCount = -1;
            return;
        }
        int at = 4 * spanCount++;
        spans[at] = nameStart;
        spans[at + 1] = nameEnd;
        spans[at + 2] = valueStart;
        spans[at + 3] = valueEnd;
    }

    private void addName(int start, int end) {
        if (2 * nameCount + 2 > names.length) {
            names = java.util.Arrays.copyOf(names, names.length * 2);
        }
        names[2 * nameCount] = start;
        names[2 * nameCount + 1] = end;
        nameCount++;
    }

    /**
     * Reads a string from its opening quote to just after its closing one; a name may not contain escapes. Eight
     * bytes at a time: a word with a byte needing attention jumps straight to the first such byte.
     */
    private boolean string(boolean name) {
        byte[] bytes = b;
        int start = p++;
        while (true) {
            int at = p;
            while (at + 8 <= bytes.length) {
                long attention = attention((long) LONGS.get(bytes, at));
                if (attention != 0) {
                    at += Long.numberOfTrailingZeros(attention) >>> 3; // the lowest flag is exact, see attention
                    break;
                }
                at += 8;
            }
            p = at;
            if (p >= bytes.length) {
                return false;
            }
            int c = bytes[p] & 0xFF;
            if (c == '"') {
                p++;
                return p - start <= (name ? MAX_NAME_BYTES : MAX_STRING_BYTES);
            } else if (c == '\\') {
                if (name || !escape()) {
                    return false;
                }
            } else if (c < 0x20) {
                return false; // a raw control character: JSON requires it escaped
            } else if (c < 0x80) {
                p++;
            } else {
                int length = Utf8.sequenceLength(bytes, p, bytes.length);
                if (length < 0) {
                    return false;
                }
                p += length;
            }
        }
    }

    /**
     * The high bit of each of the eight bytes that is a quote, a backslash, a control character or part of a
     * multi-byte one, and possibly of bytes after the first such byte (borrows run upwards): the lowest bit set is
     * always the first byte needing attention, which is all {@link #string} uses.
     */
    private static long attention(long word) {
        long quote = word ^ QUOTES;
        long backslash = word ^ BACKSLASHES;
        return (((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | (word - SPACES) | word) & HIGH_BITS;
    }

    /** An escape at {@code p}: the short forms, or {@code \\u} and four hex digits outside the surrogate range. */
    private boolean escape() {
        if (p + 1 >= b.length) {
            return false;
        }
        switch (b[p + 1]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                p += 2;
                return true;
            }
            case 'u' -> {
                if (p + 6 > b.length) {
                    return false;
                }
                int cp = 0;
                for (int k = p + 2; k < p + 6; k++) {
                    int d = Character.digit(b[k], 16);
                    if (d < 0) {
                        return false;
                    }
                    cp = cp * 16 + d;
                }
                p += 6;
                return cp < 0xD800 || cp > 0xDFFF;
            }
            default -> {
                return false;
            }
        }
    }

    private boolean literal(String word) {
        int n = word.length();
        if (p + n > b.length) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (b[p + k] != word.charAt(k)) {
                return false;
            }
        }
        p += n;
        return true;
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?} within the digit bounds: no exponent, so always finite. */
    private boolean number() {
        boolean negative = b[p] == '-';
        if (negative) {
            p++;
        }
        int start = p;
        while (p < b.length && b[p] >= '0' && b[p] <= '9') {
            p++;
        }
        int digits = p - start;
        if (digits == 0 || digits > MAX_INTEGER_DIGITS || (digits > 1 && b[start] == '0')) {
            return false;
        }
        if (p < b.length && b[p] == '.') {
            int fraction = ++p;
            while (p < b.length && b[p] >= '0' && b[p] <= '9') {
                p++;
            }
            if (p == fraction || p - fraction > MAX_FRACTION_DIGITS) {
                return false;
            }
        }
        return p >= b.length || (b[p] != 'e' && b[p] != 'E');
    }
}
