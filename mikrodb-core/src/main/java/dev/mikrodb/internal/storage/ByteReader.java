package dev.mikrodb.internal.storage;

import java.nio.charset.StandardCharsets;

/** Big-endian reads over a byte array, reporting a short read instead of throwing index errors. */
final class ByteReader {
    private final byte[] data;
    private final int end;
    private int pos;

    ByteReader(byte[] data, int offset, int end) {
        this.data = data;
        this.pos = offset;
        this.end = end;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    void need(int count) {
        if (count < 0 || end - pos < count) {
            throw new ShortReadException(pos);
        }
    }

    int u8() {
        need(1);
        return data[pos++] & 0xFF;
    }

    int u16() {
        need(2);
        int v = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    int i32() {
        need(4);
        int v = (int) BigEndian.INT.get(data, pos);
        pos += 4;
        return v;
    }

    long i64() {
        need(8);
        long v = (long) BigEndian.LONG.get(data, pos);
        pos += 8;
        return v;
    }

    void skip(int count) {
        need(count);
        pos += count;
    }

    /** Whether the next {@code expected.length} bytes equal {@code expected}; reads nothing. */
    boolean matches(byte[] expected) {
        need(expected.length);
        return java.util.Arrays.equals(data, pos, pos + expected.length, expected, 0, expected.length);
    }

    byte[] bytes(int count) {
        need(count);
        byte[] out = new byte[count];
        System.arraycopy(data, pos, out, 0, count);
        pos += count;
        return out;
    }

    String utf8(int count) {
        need(count);
        String s = new String(data, pos, count, StandardCharsets.UTF_8);
        pos += count;
        return s;
    }

    /** Thrown when a structure claims more bytes than remain. */
    static final class ShortReadException extends RuntimeException {
        final int offset;

        ShortReadException(int offset) {
            super("unexpected end of data", null, false, false);
            this.offset = offset;
        }
    }
}
