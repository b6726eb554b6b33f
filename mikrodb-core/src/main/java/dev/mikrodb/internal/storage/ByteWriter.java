package dev.mikrodb.internal.storage;

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
