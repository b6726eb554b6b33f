package dev.mikrodb.internal.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable big-endian byte buffer. */
final class ByteWriter {
    private byte[] buf;
    private int len;

    ByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    ByteWriter u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    ByteWriter u16(int v) {
        if (v < 0 || v > 0xFFFF) { // would be written modulo 65,536 and read back as another, shorter length
            throw new IllegalArgumentException("a length of " + v + " bytes does not fit in two bytes");
        }
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    ByteWriter i32(int v) {
        ensure(4);
        BigEndian.INT.set(buf, len, v);
        len += 4;
        return this;
    }

    ByteWriter i64(long v) {
        ensure(8);
        BigEndian.LONG.set(buf, len, v);
        len += 8;
        return this;
    }

    ByteWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    ByteWriter bytes(byte[] b, int off, int count) {
        ensure(count);
        System.arraycopy(b, off, buf, len, count);
        len += count;
        return this;
    }

    /** {@code s} as UTF-8 after its byte length in two bytes. */
    ByteWriter utf8WithU16Length(String s) {
        return utf8(s, 2);
    }

    /** {@code s} as UTF-8 after its byte length in four bytes. */
    ByteWriter utf8WithI32Length(String s) {
        return utf8(s, 4);
    }

    /**
     * Copies ASCII text (table names and keys nearly always are) straight into the buffer; {@code getBytes} made a
     * new array per name and key of every WAL record. Anything else is encoded the usual way.
     */
    private ByteWriter utf8(String s, int lengthBytes) {
        int n = s.length();
        ensure(lengthBytes + n);
        int at = len + lengthBytes;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) { // what was copied so far lies past len and is overwritten below
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                return (lengthBytes == 2 ? u16(utf8.length) : i32(utf8.length)).bytes(utf8);
            }
            buf[at + i] = (byte) c;
        }
        if (lengthBytes == 2) {
            u16(n);
        } else {
            i32(n);
        }
        len += n;
        return this;
    }

    /** Overwrites 4 bytes at {@code offset}. */
    void putI32At(int offset, int v) {
        BigEndian.INT.set(buf, offset, v);
    }

    void truncateTo(int length) {
        len = length;
    }

    int length() {
        return len;
    }

    byte[] array() {
        return buf;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
