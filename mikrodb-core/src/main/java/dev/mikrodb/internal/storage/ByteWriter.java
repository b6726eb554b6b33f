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
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    ByteWriter i64(long v) {
        i32((int) (v >>> 32));
        return i32((int) v);
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
        buf[offset] = (byte) (v >>> 24);
        buf[offset + 1] = (byte) (v >>> 16);
        buf[offset + 2] = (byte) (v >>> 8);
        buf[offset + 3] = (byte) v;
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
