package dev.mikrodb.internal.json;

/**
 * Strict UTF-8 validation (RFC 3629): rejects overlong forms (such as {@code C0 AF} for {@code /}), encoded
 * surrogates ({@code ED A0 80}), code points above U+10FFFF and truncated sequences. Jackson's decoder accepts some
 * of these and would store, say, a key that no other tool can read back.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** The offset of the first malformed byte, or -1 when all of {@code bytes} is well-formed UTF-8. */
    public static int firstMalformed(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            if (bytes[i] >= 0) {
                i++;
                continue;
            }
            int length = sequenceLength(bytes, i, to);
            if (length < 0) {
                return i;
            }
            i += length;
        }
        return -1;
    }

    /**
     * The length of the well-formed multi-byte sequence starting at {@code i} (whose first byte is 0x80 or above),
     * ending before {@code to}; -1 when it is malformed.
     */
    static int sequenceLength(byte[] bytes, int i, int to) {
        int b = bytes[i] & 0xFF;
        int need;
        int min;
        if (b >= 0xC2 && b <= 0xDF) {
            need = 1;
            min = 0x80;
        } else if (b >= 0xE0 && b <= 0xEF) {
            need = 2;
            min = 0x800;
        } else if (b >= 0xF0 && b <= 0xF4) {
            need = 3;
            min = 0x10000;
        } else {
            return -1; // a continuation byte out of place, C0/C1 (always overlong) or F5..FF
        }
        if (i + need >= to) {
            return -1; // truncated sequence
        }
        int cp = b & (0x3F >> need);
        for (int k = 1; k <= need; k++) {
            int c = bytes[i + k] & 0xFF;
            if ((c & 0xC0) != 0x80) {
                return -1;
            }
            cp = (cp << 6) | (c & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return -1;
        }
        return need + 1;
    }
}
