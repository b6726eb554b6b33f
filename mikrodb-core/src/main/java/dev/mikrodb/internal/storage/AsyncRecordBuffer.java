package dev.mikrodb.internal.storage;

/**
 * Async durability's records not yet written to the log's file: written out once {@code maxOps} records or
 * {@link #MAX_BYTES} bytes are held, whichever comes first. Guarded by the log's I/O lock.
 */
final class AsyncRecordBuffer {
    /** Written out once it holds this many bytes, whatever the operation count. */
    private static final int MAX_BYTES = 1 << 20;

    /** Starts small (it grows once), as a 64 KiB array cost every open. */
    private final ByteWriter bytes = new ByteWriter(4096);
    private final int maxOps;
    private int ops;

    AsyncRecordBuffer(int maxOps) {
        this.maxOps = Math.max(1, maxOps);
    }

    /** Adds one record; true when the buffer is full and should be written out. */
    boolean add(byte[] record, int length) {
        bytes.bytes(record, 0, length);
        ops++;
        return ops >= maxOps || bytes.length() >= MAX_BYTES;
    }

    boolean isEmpty() {
        return bytes.length() == 0;
    }

    byte[] array() {
        return bytes.array();
    }

    int length() {
        return bytes.length();
    }

    /** After the records were written out (or could not be). */
    void clear() {
        bytes.truncateTo(0);
        ops = 0;
    }
}
